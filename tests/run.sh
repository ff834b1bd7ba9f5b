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
skips() { # ", N skipped" when N > 0
	[ "$1" -eq 0 ] || printf ', %s skipped' "$1"
}

# One HTTP test file: its report (the "ok"/"FAIL" line, and on failure
# the lines that say why) goes to $4.out, and "passed failed skipped" to
# $4.res, so files can run side by side and be counted after.
# $1 = prefix of the names, $2 = test file, $3 = build dir, $4 = out stem.
http_one() {
	name=$1$(basename "$2")
	t0=$(date +%s)
	python3 "$2" --binary "$3/wijkagenda" >"$4.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	line=$(grep -a -E '^[0-9]+ passed, [0-9]+ failed' "$4.log" | tail -1)
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	s=${s:-0}
	# A file that ends without its summary line (killed, or its
	# binary missing) failed, whatever its exit code.
	if { [ "$rc" -ne 0 ] || [ -z "$line" ]; } && [ "$f" -eq 0 ]; then
		f=1
	fi
	if [ "$f" -ne 0 ]; then
		{
			echo "FAIL $name (exit $rc, ${secs} s)"
			grep -a -E '^(FAIL|Traceback|  File|[A-Za-z]*Error)' "$4.log" | head -60 | sed 's/^/    /'
			tail -15 "$4.log" | sed 's/^/    /'
		} >"$4.out"
	else
		echo "ok   $name: $p passed$(skips "$s") (${secs} s)" >"$4.out"
	fi
	echo "$p $f $s" >"$4.res"
	cat "$4.out"
}

# "tests/run.sh --one PREFIX FILE BUILD DIR": one file, run by xargs in
# http_pass below.
if [ "${1:-}" = --one ]; then
	http_one "$2" "$3" "$4" "$5/$(basename "$3")"
	exit 0
fi

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

# The HTTP test files, WIJKAGENDA_TEST_JOBS (default 3) at a time: most of
# a file's time is waiting (fsync, sleeps for rate limits and timeouts,
# process start-up), and the SQLite pass used about one of the two cores
# with two side by side (7m13s; with three 6m18s, about 12 min one at a
# time).  The files that measure time themselves run after,
# alone, so a neighbour cannot make them fail: WIJKAGENDA_TEST_ALONE.
# The longest files start first (WIJKAGENDA_TEST_FIRST), so the browser
# run (three minutes) has the rest beside it rather than after it.
# Each server picks its own free port and, on PostgreSQL, its own database.
JOBS=${WIJKAGENDA_TEST_JOBS:-3}
ALONE=${WIJKAGENDA_TEST_ALONE:-"test_auth.py test_login_limits.py test_login_load.py test_crash.py"}
FIRST=${WIJKAGENDA_TEST_FIRST:-"test_browser.py test_notify.py test_suggest.py test_contact_access.py test_server.py"}

http_pass() { # $1 = prefix of the names ("" or "pg:")
	dir=$(mktemp -d)
	first= side= alone=
	for t in tests/http/test_*.py; do
		[ -f "$t" ] || continue
		b=$(basename "$t")
		case " ${WIJKAGENDA_TEST_SKIP:-} " in
		*" $b "*)
			echo "skip $1$b (WIJKAGENDA_TEST_SKIP)"
			skipped=$((skipped + 1))
			continue
			;;
		esac
		case " $ALONE " in
		*" $b "*) alone="$alone $t" ;;
		*)
			case " $FIRST " in
			*" $b "*) first="$first $t" ;;
			*) side="$side $t" ;;
			esac
			;;
		esac
	done
	# xargs runs "sh tests/run.sh --one" per file; its own exit code is
	# not the verdict (the .res files are).
	for t in $first $side; do echo "$t"; done |
		xargs -P "$JOBS" -I{} sh "$0" --one "$1" {} "$BUILD" "$dir" || true
	for t in $alone; do
		http_one "$1" "$t" "$BUILD" "$dir/$(basename "$t")"
	done
	for r in "$dir"/*.res; do
		[ -f "$r" ] || continue
		read -r p f s <"$r"
		passed=$((passed + p))
		failed=$((failed + f))
		skipped=$((skipped + s))
	done
	# Every file must have answered (a worker killed before its .res).
	n=$(ls "$dir"/*.res 2>/dev/null | wc -l)
	want=$(echo $first $side $alone | wc -w)
	if [ "$n" -ne "$want" ]; then
		echo "FAIL ${1}http: $((want - n)) test files gave no result"
		failed=$((failed + want - n))
	fi
	rm -rf "$dir"
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
