#!/bin/sh
# The whole suite: cmocka unit tests, then the HTTP tests against the real
# binary.  Ends with one line "N passed, N failed, N skipped"; exits 1 if
# any failed.  Skipped: cmocka's skip(), the harness's skip(), and files
# left out by WIJKAGENDA_TEST_SKIP.
# With WIJKAGENDA_TEST_PG set, the HTTP tests run a second time against
# PostgreSQL, named pg:test_*.py.
# WIJKAGENDA_TEST_SKIP names HTTP test files to leave out, separated by
# spaces (make asan leaves out the browser run), each reported as "skip".
# Usage: tests/run.sh BUILD_DIR     SPDX-License-Identifier: EUPL-1.2
BUILD=${1:-build}
passed=0
failed=0
skipped=0
log=$(mktemp)
# SQLite first; then, when WIJKAGENDA_TEST_PG holds a server URL
# (scripts/pg-test.sh url), the HTTP tests again on PostgreSQL (the
# harness makes a database per server).
# "tests/run.sh BUILD --pg-only" runs only that second pass.
pg_url=${WIJKAGENDA_TEST_PG:-}
unset WIJKAGENDA_TEST_PG
only_pg=
if [ "${2:-}" = --pg-only ]; then
	only_pg=1
	[ -n "$pg_url" ] || { echo "run.sh: --pg-only needs WIJKAGENDA_TEST_PG" >&2; exit 2; }
fi

PG_UNITS="test_store test_group test_grade test_figures_store test_open_data_store test_kwestie_store test_kwestie_reads test_follower_store test_jobs test_accounts_store test_invitations_store test_resident_store test_socialmap_search test_inventory test_mail test_mail_worker test_hsds test_suggest_store test_photo_store"

skips() { # ", N skipped" when N > 0
	[ "$1" -eq 0 ] || printf ', %s skipped' "$1"
}

count() { # $1 = pattern ("PASSED", "FAILED" or "SKIPPED")
	sed -n "s/^\[  $1 *\] \([0-9][0-9]*\) test.*/\1/p" "$log" |
		awk '{s += $1} END {print s + 0}'
}

unit_one() { # $1 = test binary, $2 = prefix of its name
	name=$2$(basename "$1")
	"$1" >"$log" 2>&1
	rc=$?
	p=$(count PASSED)
	f=$(count FAILED)
	s=$(count SKIPPED)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or aborted without a report
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$f" -ne 0 ]; then
		echo "FAIL $name (exit $rc)"
		sed 's/^/    /' "$log" | tail -40
	else
		echo "ok   $name: $p passed$(skips "$s")"
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -z "$only_pg" ] || break
	[ -x "$t" ] || continue
	unit_one "$t" ""
done

http_pass() { # $1 = prefix of the names ("" or "pg:")
	for t in tests/http/test_*.py; do
		[ -f "$t" ] || continue
		name=$1$(basename "$t")
		case " ${WIJKAGENDA_TEST_SKIP:-} " in
		*" $(basename "$t") "*)
			echo "skip $name (WIJKAGENDA_TEST_SKIP)"
			skipped=$((skipped + 1))
			continue
			;;
		esac
		python3 "$t" --binary "$BUILD/wijkagenda" >"$log" 2>&1
		rc=$?
		line=$(grep -a -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
		p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
		f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
		s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
		p=${p:-0}
		f=${f:-0}
		s=${s:-0}
		skipped=$((skipped + s))
		# A file that ends without its summary line (killed, or its
		# binary missing) failed, whatever its exit code.
		if { [ "$rc" -ne 0 ] || [ -z "$line" ]; } && [ "$f" -eq 0 ]; then
			f=1
		fi
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$f" -ne 0 ]; then
			echo "FAIL $name (exit $rc)"
			grep -E '^(FAIL|Traceback|  File|[A-Za-z]*Error)' "$log" | head -60 | sed 's/^/    /'
			tail -15 "$log" | sed 's/^/    /'
		else
			echo "ok   $name: $p passed$(skips "$s")"
		fi
	done
}

[ -n "$only_pg" ] || http_pass ""
if [ -n "$pg_url" ]; then
	export WIJKAGENDA_TEST_PG="$pg_url"
	# The unit tests that take a PostgreSQL URL from the environment.
	for t in $PG_UNITS; do
		unit_one "$BUILD/tests/$t" "pg:"
	done
	http_pass "pg:"
	unset WIJKAGENDA_TEST_PG
fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
