# Sourced by the test scripts: sanitizer settings for `make SAN=1 test` and
# the fuzz replays. Harmless for a normal build (the variables are only read
# by binaries built with -fsanitize). A value already in the environment wins.
#   . scripts/san-env.sh
_ws_root=$(cd "$(dirname "${0:-.}")/.." 2>/dev/null && pwd)
[ -f "$_ws_root/tests/lsan.supp" ] || _ws_root=$(pwd)
# Full stacks at malloc so tests/lsan.supp can name a library function deep in
# the stack (fontconfig is built without frame pointers); a leak is an error.
: "${ASAN_OPTIONS:=fast_unwind_on_malloc=0:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}"
: "${LSAN_OPTIONS:=suppressions=$_ws_root/tests/lsan.supp:print_suppressions=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
unset _ws_root
