"""Counts a suite's checks and prints its line: `result = Tally('serve-api')`,
then `result(ok, 'what failed')` per check and `sys.exit(result.report())`
("e2e serve-api: N passed, N failed", exit 1 when any failed)."""


class Tally:
    def __init__(self, name):
        self.name = name
        self.passed = self.failed = 0

    def __call__(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print('FAIL: ' + what, flush=True)

    def report(self):
        print('e2e %s: %d passed, %d failed' % (self.name, self.passed, self.failed))
        return 1 if self.failed else 0
