#!/bin/bash
# wenshu serve (issue 15): the command's options and its listening rules,
# then the API test (serve_api.py: upload, check, build, events, downloads,
# every bad input and limit) and the real-browser test (serve_browser.py:
# headless Chromium; skipped, counting nothing, when it is not installed).
#   tests/e2e/serve.sh ./wenshu
. "$(dirname "$0")/lib.sh"

# Starts `wenshu serve ARGS...` in the background; sets SERVE_PID and URL.
start_serve() {
    "$BIN" serve --no-browser --port 0 "$@" > "$TMP/serve.out" 2> "$TMP/serve.err" &
    SERVE_PID=$!
    URL=""
    for _ in $(seq 1 100); do
        URL=$(grep -o 'http://[^ ]*' "$TMP/serve.out" | head -1)
        [ -n "$URL" ] && break
        sleep 0.1
    done
}
stop_serve() {
    kill -TERM "$SERVE_PID" 2> /dev/null
    wait "$SERVE_PID"
}

"$BIN" serve --help | grep -q -- '--no-browser' && ok || bad "serve --help"
"$BIN" help serve | grep -q -- '--listen' && ok || bad "help serve"
"$BIN" --help | grep -q 'serve' && ok || bad "wenshu --help lists serve"

# --listen needs a password; a bad port or templates folder is a usage error
"$BIN" serve --no-browser --listen 127.0.0.1 > /dev/null 2> "$TMP/err"
[ $? = 2 ] && grep -q 'password-file' "$TMP/err" && ok || bad "--listen without --password-file"
"$BIN" serve --no-browser --port 70000 > /dev/null 2>&1
[ $? = 2 ] && ok || bad "--port 70000"
"$BIN" serve --no-browser --templates "$TMP/nothing" > /dev/null 2>&1
[ $? = 2 ] && ok || bad "--templates of a missing folder"

# by default: 127.0.0.1 only, a 32-hex token in the URL
start_serve
echo "$URL" | grep -Eq '^http://127\.0\.0\.1:[0-9]+/[0-9a-f]{32}/$' && ok || bad "URL $URL"
port=$(echo "$URL" | sed 's|http://127.0.0.1:\([0-9]*\)/.*|\1|')
listening=$(ss -Hltn "sport = :$port" 2> /dev/null | awk '{print $4}')
case "$listening" in 127.0.0.1:*) ok ;; "") ok ;; *) bad "listens on $listening" ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL")
[ "$code" = 200 ] && ok || bad "page: $code"
stop_serve
[ $? = 0 ] && ok || bad "serve exits 0 on SIGTERM"

# the desktop entry's terminal window closed (SIGHUP): ends cleanly, its folders removed
mkdir -p "$TMP/hup"
TMPDIR="$TMP/hup" start_serve
kill -HUP "$SERVE_PID"
wait "$SERVE_PID"
[ $? = 0 ] && ok || bad "serve exits 0 on SIGHUP"
[ -z "$(ls "$TMP/hup")" ] && ok || bad "SIGHUP left $(ls "$TMP/hup")"

# --listen with a password: HTTP basic auth on every request
printf 'geheim-口令\n' > "$TMP/pw"
start_serve --listen 127.0.0.1 --password-file "$TMP/pw"
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL")
[ "$code" = 401 ] && ok || bad "--listen without the password: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -u 'x:wrong' "$URL")
[ "$code" = 401 ] && ok || bad "--listen with a wrong password: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' -u 'x:geheim-口令' "$URL")
[ "$code" = 200 ] && ok || bad "--listen with the password: $code"
stop_serve

echo "e2e serve (command): $pass passed, $fail failed"

# Adds a python test's "N passed, N failed" to ours; a test that says
# "skipped" (no browser installed) counts nothing.
add_suite() {
    out=$($PY "$@")
    echo "$out" | tail -n 30
    case "$out" in *": skipped"*) return ;; esac
    p=$(echo "$out" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -1)
    f=$(echo "$out" | sed -n 's/.* \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' | tail -1)
    pass=$((pass + ${p:-0}))
    fail=$((fail + ${f:-1}))
}
add_suite tests/e2e/serve_api.py "$BIN"
add_suite tests/e2e/serve_browser.py "$BIN"
echo "e2e serve: $pass passed, $fail failed"
[ "$fail" = 0 ]
