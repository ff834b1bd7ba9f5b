#!/bin/sh
# run_one.sh DIR SECONDS TARGET [libFuzzer options...]: run one fuzz target
# for SECONDS against its corpora (tests/fuzz/fuzz.mk fuzz-smoke runs
# FUZZ_JOBS of these at a time).  Crashing inputs go to DIR/crashes/, the
# log to DIR/TARGET.log; prints one summary line; exits 1 on a crash.
# SPDX-License-Identifier: EUPL-1.2
dir=$1; secs=$2; t=$3; shift 3
mkdir -p "$dir/corpus/$t" "$dir/crashes"
dict=
[ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
seeds=
[ -d "tests/fuzz/corpus/$t" ] && seeds="tests/fuzz/corpus/$t"
start=$(date +%s)
if "$dir/$t" "$@" $dict -max_total_time="$secs" \
	-artifact_prefix="$dir/crashes/$t-" \
	"$dir/corpus/$t" $seeds 2>"$dir/$t.log"; then
	echo "fuzz: $t ok in $(( $(date +%s) - start )) s: $(grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$dir/$t.log" | tr '\n' ' ')"
	exit 0
fi
{
	grep -A30 -E '^==[0-9]+==|SUMMARY|Assertion|runtime error' "$dir/$t.log" | head -60
	echo "fuzz: $t FAILED (log $dir/$t.log, input $(ls "$dir/crashes/$t-"* 2>/dev/null | tr '\n' ' '))"
} >&2
exit 1
