#!/bin/sh
# Installs the Debian 12 packages wenshu builds, runs and tests with, if any
# is missing. Used by `make deps` (and so by `make demo`) and by .ci/run.
#   scripts/deps.sh          build + run + test packages
#   scripts/deps.sh --print  only print the list
set -eu

BUILD="build-essential pkg-config libhpdf-dev libxlsxwriter-dev libharfbuzz-dev
 libfreetype-dev libfontconfig-dev libicu-dev libqpdf-dev libfyaml-dev libcsv-dev
 libzip-dev libexpat1-dev libpng-dev libjpeg-dev libexif-dev zlib1g-dev libdeflate-dev libbz2-dev
 libmicrohttpd-dev"
# Free fonts wenshu falls back to (see fonts/roles.yaml), and the data the
# publicity list is sorted with (mainland stroke counts and stroke order).
RUNTIME="fonts-noto-cjk fonts-wqy-zenhei fonts-lxgw-wenkai fonts-arphic-uming fonts-arphic-ukai
 unicode-data rime-data-stroke"
# The clerk-made XLSX fixtures are committed; only rebuilding them (tests/data/input/make-fixtures.py)
# needs LibreOffice: apt-get install libreoffice-calc-nogui (not installed here, it is large).
# chromium + chromium-driver + python3-selenium: the real-browser test of `wenshu serve`
# (tests/e2e/serve_browser.py; skipped when they are missing).
TEST="poppler-utils mupdf-tools qpdf python3 python3-openpyxl python3-pil time clang libclang-rt-14-dev valgrind
 curl strace chromium chromium-driver python3-selenium"

ALL="$BUILD $RUNTIME $TEST"
if [ "${1:-}" = "--print" ]; then echo $ALL; exit 0; fi

missing=""
for p in $ALL; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "wenshu: installing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "wenshu: please run as root: apt-get install$missing" >&2; exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
