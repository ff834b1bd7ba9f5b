#!/bin/sh
# The whole suite: cmocka unit tests, then the HTTP tests against the real
# binary.  Ends with one line "N passed, N failed"; exits 1 if any failed.
# Usage: tests/run.sh BUILD_DIR     SPDX-License-Identifier: EUPL-1.2
BUILD=${1:-build}
passed=0
failed=0
log=$(mktemp)

count() { # $1 = pattern ("PASSED" or "FAILED")
	sed -n "s/^\[  $1  \] \([0-9][0-9]*\) test.*/\1/p" "$log" |
		awk '{s += $1} END {print s + 0}'
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	"$t" >"$log" 2>&1
	rc=$?
	p=$(count PASSED)
	f=$(count FAILED)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or aborted without a report
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $name (exit $rc)"
		sed 's/^/    /' "$log" | tail -40
	else
		echo "ok   $name: $p passed"
	fi
done

for t in tests/http/test_*.py; do
	[ -f "$t" ] || continue
	name=$(basename "$t")
	python3 "$t" --binary "$BUILD/wijkagenda" >"$log" 2>&1
	rc=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $name (exit $rc)"
		grep -E '^(FAIL|Traceback|  File|[A-Za-z]*Error)' "$log" | head -60 | sed 's/^/    /'
		tail -15 "$log" | sed 's/^/    /'
	else
		echo "ok   $name: $p passed"
	fi
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
