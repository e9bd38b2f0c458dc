#!/usr/bin/python3
"""bench/timed.py OUT CMD...: runs CMD and writes to OUT one line
'wall_s user_s sys_s maxrss_kb', in microseconds' precision (GNU time prints
CPU seconds in 10 ms steps, too coarse for a 50 ms start-up). Exits as CMD."""
import os
import subprocess
import sys
import time

out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
proc = subprocess.Popen(cmd)
_, status, use = os.wait4(proc.pid, 0)
wall = time.monotonic() - t0
with open(out, 'w') as f:
    f.write('%.6f %.6f %.6f %d\n' % (wall, use.ru_utime, use.ru_stime, use.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
