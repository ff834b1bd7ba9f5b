# fuzz_csv.mk: the libFuzzer target for the partner-list CSV reader
# (src/inventory/csv.c, driver tests/fuzz/fuzz_csv.c).
#
# To join the other targets, tests/fuzz/fuzz.mk needs two lines (then
# fuzz-smoke and fuzz run it like the rest):
#
#   FUZZ_TARGETS := ... fuzz_csv
#   fuzz_csv_SRC := $(FUZZ_BASE) src/inventory/csv.c
#
# Until then it builds and runs alone:
#
#   make -f tests/fuzz/fuzz_csv.mk fuzz-csv              # FUZZ_SECONDS (60)
#   make -f tests/fuzz/fuzz_csv.mk build-fuzz/fuzz_csv
#
# The reader needs only the base modules, so the target builds while the
# rest of the tree is mid-work.  Needs clang with the libFuzzer runtime.
# SPDX-License-Identifier: EUPL-1.2

FUZZ_CC      ?= clang
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?= -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=undefined
# -max_len: past CSV_MAX_FIELD (64 KiB), so the field limit is reached
FUZZ_CSV_RUNOPTS ?= -timeout=10 -rss_limit_mb=2048 -max_len=70000 \
                    -print_final_stats=1
FUZZ_CSV_CFLAGS := -std=c11 -D_GNU_SOURCE -Isrc -Wall -Wextra -Werror \
                   -Wno-unused-parameter $(FUZZ_FLAGS)
FUZZ_CSV_SRC := src/base/arena.c src/base/buf.c src/base/util.c \
                src/base/log.c src/base/err.c src/inventory/csv.c

.PHONY: fuzz-csv

$(FUZZ_DIR)/fuzz_csv: tests/fuzz/fuzz_csv.c $(FUZZ_CSV_SRC) src/inventory/csv.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CSV_CFLAGS) -o $@ $< $(FUZZ_CSV_SRC)

fuzz-csv: $(FUZZ_DIR)/fuzz_csv
	@mkdir -p $(FUZZ_DIR)/corpus/fuzz_csv $(FUZZ_DIR)/crashes
	$(FUZZ_DIR)/fuzz_csv $(FUZZ_CSV_RUNOPTS) -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=$(FUZZ_DIR)/crashes/fuzz_csv- \
		$(FUZZ_DIR)/corpus/fuzz_csv \
		$(wildcard tests/fuzz/corpus/fuzz_csv)
