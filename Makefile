# wenshu - see README.md.
#   make            build ./wenshu
#   make demo       install missing Debian packages, build, run on samples/ into out/
#   make test       unit + golden + end-to-end tests
#   make SAN=1 test the same under ASan/UBSan (objects in build-san/)
#   make bench      throughput benchmark (figures, not assertions)
#   make install PREFIX=/usr/local DESTDIR=
#   make deb        a Debian package (debhelper) with the desktop entry 文书生成

CC      ?= cc
PREFIX  ?= /usr/local
PKGS    := xlsxwriter harfbuzz harfbuzz-subset freetype2 fontconfig icu-uc icu-i18n \
           libfyaml libqpdf libzip expat libpng libjpeg libexif zlib libdeflate libmicrohttpd
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-overlength-strings
CFLAGS  ?= -O2 -g
# libqpdf, libmicrohttpd, libzip and libxlsxwriter are opened with dlopen when first needed
# (base/dynlib.h), by the SONAME of the library the -dev package installs (where the compiler
# finds it: xlsxwriter.pc's libdir is not where Debian puts the library): not linked
DLOPENED := libqpdf libmicrohttpd libzip xlsxwriter
soname   = $(shell objdump -p $$($(CC) -print-file-name=$(1).so) 2>/dev/null | awk '/SONAME/ {print $$2}')
SONAMES  := -DWS_QPDF_SONAME='"$(call soname,libqpdf)"' -DWS_MHD_SONAME='"$(call soname,libmicrohttpd)"' \
            -DWS_ZIP_SONAME='"$(call soname,libzip)"' -DWS_XLSXWRITER_SONAME='"$(call soname,libxlsxwriter)"'
CFLAGS  += -std=c11 -D_GNU_SOURCE $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS)) $(SONAMES)
LDLIBS  += $(shell pkg-config --libs $(filter-out $(DLOPENED),$(PKGS))) -lhpdf -lcsv -lbz2 -lpthread -lm

ifeq ($(SAN),1)
BUILD   ?= build-san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BIN     := $(BUILD)/wenshu
else
BUILD   ?= build
BIN     := wenshu
endif

LIB_SRC := $(sort $(wildcard src/base/*.c src/input/*.c src/template/*.c src/check/*.c \
                             src/layout/*.c src/render/*.c src/job/*.c src/serve/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/serve_page.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/libwenshu.a

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# test_merge reads the PDFs it checks with libqpdf; test_records and test_xlsx write workbooks
# to read (with libxlsxwriter, and libzip)
UNIT_LDLIBS := $(shell pkg-config --libs libqpdf xlsxwriter libzip)

# fuzz harnesses (tests/fuzz/; see the fuzz target below)
FUZZ         := csv xlsx template para units public
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build-fuzz
FUZZ_CFLAGS  := -g -O1 -std=c11 -D_GNU_SOURCE $(WARN) -Isrc -Itests/fuzz \
                $(shell pkg-config --cflags $(PKGS)) $(SONAMES) -DWS_SOURCE_DIR='"$(CURDIR)"' \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJ     := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BIN     := $(FUZZ:%=$(FUZZ_BUILD)/fuzz_%)
REPLAY_BIN   := $(FUZZ:%=$(BUILD)/fuzz/replay_%)
FUZZ_LDLIBS  := $(shell pkg-config --libs libzip) # fuzz_xlsx zips its input into a workbook

.PHONY: all demo deps test unit golden e2e golden-update bench install clean fuzz valgrind format deb

all: $(BIN)

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# the web page of `wenshu serve` (src/serve/page), compiled in
PAGE_FILES := $(wildcard src/serve/page/*)
$(BUILD)/serve_page.c: $(PAGE_FILES) scripts/embed-page.sh
	@mkdir -p $(dir $@)
	scripts/embed-page.sh src/serve/page > $@.tmp && mv $@.tmp $@
$(BUILD)/serve_page.o: $(BUILD)/serve_page.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(UNIT_LDLIBS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)

# --- fuzzing: libFuzzer harnesses in tests/fuzz/ (clang; objects in build-fuzz/) ----------
#   make fuzz                  each harness for FUZZ_SECONDS (60) on its seed corpus
#   make fuzz FUZZ_SECONDS=30  (what .ci/run does)
# `make test` replays tests/fuzz/corpus and tests/fuzz/regress through the same harnesses
# linked with tests/fuzz/replay.c (no libFuzzer needed; under ASan/UBSan with SAN=1).

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/libwenshu.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libwenshu.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libwenshu.a $(LDLIBS) \
	    $(FUZZ_LDLIBS)

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/fuzz -DWS_SOURCE_DIR='"$(CURDIR)"' $(LDFLAGS) -o $@ \
	    tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(LIB) $(LDLIBS) $(FUZZ_LDLIBS)

fuzz: $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ)

# --- valgrind: memcheck on a small sample build; library caches in tests/valgrind.supp --
valgrind: $(BIN)
	@scripts/valgrind.sh ./$(BIN)

deps:
	@scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh ./$(BIN)

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

golden: $(BIN)
	@tests/golden/run.sh ./$(BIN)

golden-update: $(BIN)
	@tests/golden/run.sh ./$(BIN) --update

e2e: $(BIN)
	@tests/e2e/run.sh ./$(BIN)

test: $(BIN) $(UNIT_BIN) $(REPLAY_BIN)
	@FUZZ_REPLAY="$(REPLAY_BIN)" scripts/run-tests.sh ./$(BIN) $(UNIT_BIN)

bench: $(BIN)
	@bench/run.sh ./$(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/wenshu
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/wenshu
	cp -r templates fonts $(DESTDIR)$(PREFIX)/share/wenshu/

# a Debian package (debhelper; scripts/debian/, copied with the sources into build-deb/pkg/): the binary, templates, fonts/roles.yaml and the desktop
# entry 文书生成 (`wenshu serve`); the .deb and its .changes end up in build-deb/
deb:
	rm -rf build-deb && mkdir -p build-deb/pkg
	cp -r src templates fonts scripts Makefile README.md build-deb/pkg/
	cp -r scripts/debian build-deb/pkg/debian
	cd build-deb/pkg && dpkg-buildpackage -us -uc -b
	@ls build-deb/*.deb

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h)

clean:
	rm -rf build build-san build-fuzz wenshu out
