# fuzz.mk: libFuzzer targets for every parser of outside input
# (tests/fuzz/README.md).  Included from the top-level Makefile:
#
#   include tests/fuzz/fuzz.mk
#
# or used alone: make -f tests/fuzz/fuzz.mk fuzz-smoke
#
#   make fuzz-smoke              build all targets, run each FUZZ_SECONDS (60)
#   make fuzz                    the same, 600 s each
#   make build-fuzz/fuzz_form    build one target
#
# Seeds are read from tests/fuzz/corpus/<target>/ (never written); new
# inputs go to build-fuzz/corpus/<target>/, crashes to build-fuzz/crashes/.
# Needs clang with the libFuzzer runtime: apt-get install clang libclang-rt-14-dev
# SPDX-License-Identifier: EUPL-1.2

FUZZ_CC      ?= clang
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?= -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -std=c11 -D_GNU_SOURCE -Isrc -I$(FUZZ_DIR)/gen -Wall -Wextra -Werror \
                -Wno-unused-parameter $(FUZZ_FLAGS)
FUZZ_RUNOPTS ?= -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
                -print_final_stats=1

FUZZ_TARGETS := fuzz_form fuzz_router fuzz_cookie fuzz_signal fuzz_json_intake \
                fuzz_accept_language fuzz_geojson fuzz_html fuzz_csv \
                fuzz_hsds fuzz_json_escape fuzz_forwarded fuzz_search_query \
                fuzz_kwestie fuzz_calendar fuzz_readability \
                fuzz_population fuzz_svgmap fuzz_etag fuzz_open311_time \
                fuzz_categories fuzz_classify_model fuzz_classify_text \
                fuzz_image fuzz_multipart

# Each target is linked against exactly the sources it tests, so that it
# builds even while unrelated modules (geo, views) are mid-work.
FUZZ_BASE            := src/base/arena.c src/base/buf.c src/base/util.c \
                        src/base/log.c src/base/err.c
fuzz_form_SRC        := $(FUZZ_BASE) src/http/form.c
fuzz_multipart_SRC   := $(FUZZ_BASE) src/http/form.c src/http/multipart.c
fuzz_categories_SRC  := $(FUZZ_BASE) src/domain/categories.c
fuzz_categories_LIBS := -ljansson
fuzz_router_SRC      := $(FUZZ_BASE) src/http/form.c src/http/router.c \
                        src/http/http.c
fuzz_router_DEP      := $(FUZZ_DIR)/gen/fuzz_routes.inc
fuzz_cookie_SRC      := $(FUZZ_BASE) src/http/cookie.c
fuzz_etag_SRC        := $(FUZZ_BASE) src/http/etag.c
fuzz_forwarded_SRC   := $(FUZZ_BASE) src/http/proxy.c
fuzz_search_query_SRC := $(FUZZ_BASE) src/store/socialmap_query.c src/text/fts_dutch.c src/text/words.c
fuzz_search_query_LIBS := -lutf8proc -lstemmer -lsqlite3 -lm
fuzz_signal_SRC      := $(FUZZ_BASE) src/domain/signal.c src/domain/notify.c src/domain/calendar.c src/domain/fields.c src/domain/email.c src/domain/phone.c src/base/utf8.c
fuzz_signal_LIBS     := -lutf8proc -lm
fuzz_accept_language_SRC := $(FUZZ_BASE) src/i18n/i18n.c
# includes src/web/signal_api.c (see the comment at its top)
fuzz_json_intake_SRC := $(FUZZ_BASE) src/base/token.c src/http/form.c src/i18n/i18n.c \
                        src/http/http.c src/domain/signal.c src/domain/notify.c src/domain/calendar.c \
                        src/domain/fields.c src/domain/email.c src/domain/phone.c src/base/utf8.c \
                        src/web/json_body.c
fuzz_json_intake_DEP := src/web/signal_api.c src/web/web.h
fuzz_json_intake_LIBS := -ljansson -lutf8proc -lsodium -lm

fuzz_geojson_SRC     := $(FUZZ_BASE) src/geo/geojson.c src/geo/proj.c \
                        src/domain/area.c
fuzz_geojson_LIBS    := -ljansson -lgeos_c -lproj -lm
fuzz_svgmap_SRC      := $(FUZZ_BASE) src/geo/svgmap.c src/geo/geojson.c \
                        src/geo/proj.c src/domain/area.c
fuzz_svgmap_LIBS     := -ljansson -lgeos_c -lproj -pthread -lm
fuzz_html_SRC        := $(FUZZ_BASE) src/html/html.c
fuzz_html_LIBS       := -lm
fuzz_csv_SRC         := $(FUZZ_BASE) src/inventory/csv.c
fuzz_image_SRC       := $(FUZZ_BASE) $(addprefix src/media/,image.c \
                          image_jpeg.c image_png.c image_webp.c)
fuzz_image_DEP       := src/media/image.h src/media/image_priv.h
fuzz_image_LIBS      := -ljpeg -lpng16 -lwebp -lm

# The importer resolves references in the database, so it takes the store
# (SQLite only: the driver stubs db_pg_ops) and the migrations, embedded
# by tools/embed as the server embeds them.
fuzz_hsds_SRC        := $(FUZZ_BASE) src/base/embedded.c src/base/token.c \
                        src/base/utf8.c src/domain/area.c src/domain/organisation.c \
                        src/domain/fields.c src/geo/areaidx.c src/geo/geojson.c src/geo/proj.c \
                        $(addprefix src/hsds/,import.c import_check.c \
                          import_write.c validate.c tabular.c export.c \
                          export_common.c export_org.c) \
                        $(addprefix src/store/,db.c db_sqlite.c generation.c \
                          conn.c group.c migrate.c areas.c audit.c hsds_orgs.c \
                          organisation.c service.c socialmap_search.c socialmap_query.c \
                          socialmap_taxonomy.c) \
                        src/text/fts_dutch.c src/text/words.c $(FUZZ_DIR)/gen/migrations.c
fuzz_hsds_LIBS       := -ljansson -lsqlite3 -lgeos_c -lproj -lsodium \
                        -lutf8proc -lstemmer -pthread -lm \
                        -I/usr/include/postgresql -lpq # store/generation.c
fuzz_kwestie_SRC     := $(FUZZ_BASE) src/web/kwestie_json.c src/web/json_fields.c \
                        src/domain/kwestie.c src/domain/calendar.c \
                        src/domain/fields.c src/domain/area.c src/base/utf8.c
fuzz_kwestie_LIBS    := -ljansson -lutf8proc -lm
fuzz_calendar_SRC    := src/domain/calendar.c
fuzz_open311_time_SRC := src/domain/open311.c src/domain/calendar.c
fuzz_population_SRC  := $(FUZZ_BASE) src/base/utf8.c src/domain/population.c
fuzz_population_LIBS := -lutf8proc
fuzz_readability_SRC := $(FUZZ_BASE) src/base/utf8.c src/text/readability.c \
                        src/text/readability_syllables.c src/text/readability_words.c
fuzz_readability_LIBS := -lutf8proc -lhyphen -pthread -lm
fuzz_classify_model_SRC := $(FUZZ_BASE) src/text/classify.c src/text/words.c src/text/classify_train.c
fuzz_classify_model_LIBS := -lutf8proc -lstemmer -lm
fuzz_classify_text_SRC := $(fuzz_classify_model_SRC)
fuzz_classify_text_LIBS := $(fuzz_classify_model_LIBS)
# includes src/web/respond.c (see the comment at the top of the driver)
fuzz_json_escape_SRC := $(FUZZ_BASE) src/base/utf8.c src/base/jsonw.c src/http/form.c src/http/http.c \
                        src/i18n/i18n.c src/base/ratelimit.c
fuzz_json_escape_DEP := src/web/respond.c src/web/web.h
fuzz_json_escape_LIBS := -ljansson -lutf8proc -lsodium -pthread -lm

$(FUZZ_DIR)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -O1 -o $@ $<

# The route table of web/routes.c and its routes_*.inc, method and pattern
# only (the handlers would pull in the whole server): made from the
# sources at build time, so the target never fuzzes a stale copy.
FUZZ_ROUTE_SRC := src/web/routes.c $(sort $(wildcard src/web/routes_*.inc))
$(FUZZ_DIR)/gen/fuzz_routes.inc: $(FUZZ_ROUTE_SRC)
	@mkdir -p $(dir $@)
	sed -n 's/^[[:space:]]*{"\([A-Z]*\)",[[:space:]]*"\(\/[^"]*\)".*/{"\1", "\2", NULL, 0},/p' \
		$(FUZZ_ROUTE_SRC) > $@.tmp
	test -s $@.tmp && mv $@.tmp $@

FUZZ_MIGRATIONS := $(sort $(wildcard sql/migrations/*.sql))
$(FUZZ_DIR)/gen/migrations.c: $(FUZZ_DIR)/tools/embed $(FUZZ_MIGRATIONS)
	@mkdir -p $(dir $@)
	$(FUZZ_DIR)/tools/embed $@ $(foreach f,$(FUZZ_MIGRATIONS),$(f)=$(f))

.PHONY: fuzz fuzz-smoke fuzz-build

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)

# The sources of each target are named by variables: expand them per target.
.SECONDEXPANSION:
$(FUZZ_DIR)/%: tests/fuzz/%.c $$($$*_SRC) $$($$*_DEP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $($*_SRC) $($*_LIBS)

# Run every target for $(FUZZ_SECONDS) s, FUZZ_JOBS (2) at a time
# (tests/fuzz/run_one.sh); report every target that crashed (the input is
# in $(FUZZ_DIR)/crashes/), then fail.  11 targets x 60 s on 2 cores: ~6 min.
FUZZ_JOBS    ?= 2
fuzz-smoke: fuzz-build
	@echo "fuzz: $(words $(FUZZ_TARGETS)) targets, $(FUZZ_SECONDS) s each, $(FUZZ_JOBS) at a time"; \
	rm -f $(FUZZ_DIR)/failed; mkdir -p $(FUZZ_DIR); \
	for t in $(FUZZ_TARGETS); do echo $$t; done | \
		xargs -P $(FUZZ_JOBS) -I{} sh -c \
		'tests/fuzz/run_one.sh $(FUZZ_DIR) $(FUZZ_SECONDS) {} $(FUZZ_RUNOPTS) || echo {} >>$(FUZZ_DIR)/failed'; \
	if [ -s $(FUZZ_DIR)/failed ]; then \
		echo "fuzz: crashed: $$(sort $(FUZZ_DIR)/failed | tr '\n' ' ')"; exit 1; fi; \
	echo "fuzz: all $(words $(FUZZ_TARGETS)) targets ran clean"

# The long run: 600 s per target (a FUZZ_SECONDS on the command line wins).
fuzz: FUZZ_SECONDS = 600
fuzz: fuzz-smoke
