# wenshu - see README.md.
#   make            build ./wenshu
#   make demo       install missing Debian packages, build, run on samples/ into out/
#   make test       unit + golden + end-to-end tests
#   make SAN=1 test the same under ASan/UBSan (objects in build-san/)
#   make bench      throughput benchmark (figures, not assertions)
#   make install PREFIX=/usr/local DESTDIR=

CC      ?= cc
PREFIX  ?= /usr/local
PKGS    := xlsxwriter harfbuzz harfbuzz-subset freetype2 fontconfig icu-uc icu-i18n \
           libfyaml libqpdf libzip expat libpng libjpeg libexif zlib
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wno-overlength-strings
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS))
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -lhpdf -lcsv -lbz2 -lpthread -lm

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
                             src/layout/*.c src/render/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/libwenshu.a

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all demo deps test unit golden e2e golden-update bench install clean fuzz valgrind format

all: $(BIN)

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

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

test: $(BIN) $(UNIT_BIN)
	@scripts/run-tests.sh ./$(BIN) $(UNIT_BIN)

bench: $(BIN)
	@bench/run.sh ./$(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/wenshu
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/wenshu
	cp -r templates fonts $(DESTDIR)$(PREFIX)/share/wenshu/

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h)

clean:
	rm -rf build build-san wenshu out
