# wijkagenda: one GNU Makefile.  `make run` and `make test` are the two
# commands a newcomer needs; both install missing Debian packages first.
# SPDX-License-Identifier: EUPL-1.2

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   ?= build
PKGS    := libmicrohttpd jansson sqlite3 libpq geos proj libsodium libcurl \
           libjpeg libpng libwebp
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla -Wno-unused-parameter
WERROR  ?= -Werror
OPT     ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(WERROR) -Isrc -I$(BUILD)/gen \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -pthread \
           -DLOCALEDIR='"$(abspath $(BUILD))/locale"'
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lgeos_c -lstemmer \
           -lutf8proc -lhyphen -pthread -lm

SRC     := $(wildcard src/*/*.c)
# The command line (src/*.c: main.c, cli_options.c, cmd_*.c) is linked
# into the program only, not into libwa.a that the tests link.
CLI_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(wildcard src/*.c))
OBJ     := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded_data.o
EMBED   := $(sort $(wildcard sql/migrations/*.sql)) $(wildcard static/*.css) \
           $(wildcard static/*.js) \
           $(wildcard data/amsterdam/*.geojson data/amsterdam/*.csv) \
           $(wildcard data/categories/*.json) $(wildcard data/sociale-kaart/*.json) \
           docs/openapi.json
UNIT    := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
BENCH   := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/bench_*.c)) \
           $(BUILD)/bench/classify_eval
PO      := $(wildcard po/*.po)
MO      := $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/wijkagenda.mo)

.PHONY: all run test test-pg unit asan lint format bench install clean deps po
all: $(BUILD)/wijkagenda $(MO)

deps:
	@scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/embedded_data.c: $(BUILD)/tools/embed $(EMBED) Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(foreach f,$(EMBED),$(f)=$(f))

$(BUILD)/gen/embedded_data.o: $(BUILD)/gen/embedded_data.c
	$(CC) $(CFLAGS) -O0 -g0 -c $< -o $@

$(BUILD)/libwa.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/wijkagenda: $(CLI_OBJ) $(BUILD)/libwa.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/locale/%/LC_MESSAGES/wijkagenda.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libwa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libwa.a $(LDLIBS) -lcmocka

# test_chart parses the SVG it writes with libxml2 (tests only; the
# server does not link it).
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null)
$(BUILD)/tests/test_chart: tests/unit/test_chart.c $(BUILD)/libwa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(XML_CFLAGS) -o $@ $< $(BUILD)/libwa.a $(LDLIBS) $(XML_LIBS) -lcmocka

$(BUILD)/bench/%: bench/%.c bench/bench_client.h $(BUILD)/libwa.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libwa.a $(LDLIBS)

unit: $(UNIT)

run: deps
	$(MAKE) -j2 all
	@mkdir -p var
	$(BUILD)/wijkagenda serve --listen 127.0.0.1:8080 --db var/wijkagenda.db --demo

# The whole suite on both backends: unit tests, the HTTP tests on SQLite,
# then the store unit tests and the HTTP tests again on a throwaway PostgreSQL
# cluster (scripts/pg-test.sh: initdb in a temporary directory, a free
# loopback port, an unprivileged user; a database per server, made by
# tests/http/harness.py), stopped even when tests fail.
# PG=0 leaves PostgreSQL out; test-pg runs only the PostgreSQL pass.
PG_STATE ?= $(CURDIR)/$(BUILD)/pg-test.env

test: deps
	$(MAKE) -j2 all unit
ifeq ($(PG),0)
	@tests/run.sh $(BUILD)
else
	@WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh stop
	@WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh start >/dev/null
	@WIJKAGENDA_TEST_PG=$$(WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh url) \
		tests/run.sh $(BUILD); \
		rc=$$?; WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh stop; exit $$rc
endif

test-pg: deps
	$(MAKE) -j2 all unit
	@WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh stop
	@WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh start >/dev/null
	@WIJKAGENDA_TEST_PG=$$(WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh url) \
		tests/run.sh $(BUILD) --pg-only; \
		rc=$$?; WIJKAGENDA_PG_STATE=$(PG_STATE) scripts/pg-test.sh stop; exit $$rc

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer,
# on SQLite, without the browser run: chromium only drives the routes the
# HTTP tests already send under the sanitizers, and leaving it out keeps
# CI (make test, make asan, make fuzz-smoke) under 20 minutes.
asan: deps
	$(MAKE) -j2 BUILD=build-asan OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' all unit
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		WIJKAGENDA_TEST_SKIP="test_browser.py" tests/run.sh build-asan

bench: deps
	$(MAKE) -j2 all $(BENCH)
	@bench/run.sh $(BUILD)

# Two instances on one PostgreSQL against one on SQLite (bench/instances.sh).
.PHONY: bench-instances
bench-instances: deps
	$(MAKE) -j2 all
	@bench/instances.sh $(BUILD)

# Ten minutes of mixed load (not in CI); results in bench/RESULTS.md.
.PHONY: soak
soak: all
	python3 tests/soak/soak.py $(BUILD)

# Refresh the template and the English catalogue from the sources.
po:
	xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --add-comments=TRANSLATORS --add-location=file \
		--package-name=wijkagenda -o po/wijkagenda.pot $(sort $(wildcard src/*/*.c src/*.c))
	msgmerge --update --backup=none --add-location=file po/en.po po/wijkagenda.pot

lint:
	@scripts/lint.sh

format:
	clang-format -i $(wildcard src/*/*.c src/*/*.h src/*.c tests/unit/*.c bench/*.c)

install: all
	install -D -m 0755 $(BUILD)/wijkagenda $(DESTDIR)$(PREFIX)/bin/wijkagenda
	for m in $(MO); do install -D -m 0644 $$m $(DESTDIR)$(PREFIX)/share/locale/$${m#$(BUILD)/locale/}; done

clean:
	rm -rf build build-asan build-fuzz

-include tests/fuzz/fuzz.mk
-include $(OBJ:.o=.d) $(CLI_OBJ:.o=.d)
