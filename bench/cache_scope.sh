#!/bin/sh
# Kept answers while other municipalities report (issue 16, web/cache.c,
# db_write_scope), not part of `make test`.  One installation serves
# Amsterdam and the generated GM9999 (tests/fixtures/gm9999, through the
# real import-areas).  Readers (wrk) ask the agenda pages of every
# Amsterdam buurt in turn, or its Open311 lists by service code; meanwhile a steady intake (BENCH_RATE reports
# a second, each a real POST /api/v1/signals) goes in turn to nowhere, to
# Proefdorp, and to Amsterdam.  Printed: the readers' req/s, p50 and
# p99, the share of answers from the cache, and the answers rendered
# again a second (the misses).
# Then work instead of reports (BENCH_RATE supports a second of a kwestie,
# each with a new address: the support and the follower it makes, as a
# professional's change, triage, promises and grades, db_write_for): in
# Proefdorp it keeps all of Amsterdam's answers; in Amsterdam it drops
# them all, as work anywhere did before it named its municipality.
# Agendas show no report (web/cache.c): a report in Amsterdam keeps them
# too.  Open311 lists of one service code each show reports: a report in
# Amsterdam drops them all, as every report did to every answer of every
# municipality before: the baseline in the same run.  A report that names
# its category (db_write_scope_category) drops that code's list alone.
# Usage: bench/cache_scope.sh BUILD_DIR   (BENCH_SECONDS, BENCH_RATE,
# BENCH_CONNECTIONS, BENCH_SERVER_THREADS, BENCH_ROUNDS)
#                                        SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
BIN=$(readlink -f "$BUILD/wijkagenda")
DUR=${BENCH_SECONDS:-10}
RATE=${BENCH_RATE:-20}
CONNS=${BENCH_CONNECTIONS:-20}
THREADS=${BENCH_SERVER_THREADS:-4}
ROUNDS=${BENCH_ROUNDS:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
FIX=$HERE/../tests/fixtures/gm9999
tmp=$(mktemp -d)
pid=""
feeder=""
cleanup() {
	[ -n "$feeder" ] && kill "$feeder" 2>/dev/null || true
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk curl >/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
db=$tmp/bench.db
exec 3>"$tmp/setup.log"
"$BIN" migrate --db "$db" >/dev/null 2>&3
"$BIN" import-areas "$FIX/gemeente.geojson" --level gemeente --db "$db" \
	--municipality GM9999 --municipality-name Proefdorp >/dev/null 2>&3
for l in wijk:wijken buurt:buurten; do
	"$BIN" import-areas "$FIX/${l#*:}.geojson" --level "${l%%:*}" --db "$db" \
		--municipality GM9999 --parent-prop ouder >/dev/null 2>&3
done
"$BIN" import-categories "$FIX/categories.json" --db "$db" \
	--municipality GM9999 >/dev/null 2>&3
# a kwestie in Proefdorp to support (Amsterdam's come with --demo)
sqlite3 "$db" "INSERT INTO kwesties (municipality, title, description,
	area_code, area_level, buurt_code, topic, level, level_rank,
	level_reason, created_at, updated_at) VALUES ('GM9999',
	'Losse stoeptegels bij de kerk', 'Tegels liggen los.', 'BU99990101',
	'buurt', 'BU99990101', 'wegen', 'buurt', 0, 'bench',
	'2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z')" 2>&3
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve --listen "127.0.0.1:$port" --db "$db" --threads "$THREADS" \
	--demo --rate-intake 0 --site ams.test=GM0363 --site proef.test=GM9999 \
	2>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 600); do
	curl -fs -H "Host: ams.test" "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	sleep 0.1
done
sqlite3 "$db" "SELECT '/agenda/' || code FROM areas WHERE municipality = 'GM0363' AND level = 'buurt' ORDER BY code" >"$tmp/agendas"
sqlite3 "$db" "SELECT '/open311/v2/requests.json?service_code=' || code FROM categories WHERE municipality = 'GM0363' AND parent_code IS NOT NULL AND is_active = 1 ORDER BY code" >"$tmp/open311"
echo "readers: wrk -t2 -c$CONNS ${DUR}s over the agendas of $(wc -l <"$tmp/agendas") Amsterdam buurten, or its Open311 lists of $(wc -l <"$tmp/open311") service codes; intake $RATE/s; server --threads $THREADS"

# the category of the intake that names one: the first list's
one_code=$(head -1 "$tmp/open311" | sed 's/.*service_code=//')
ams_kwestie=$(sqlite3 "$db" "SELECT id FROM kwesties WHERE municipality = 'GM0363' AND closed_at IS NULL ORDER BY id LIMIT 1")
proef_kwestie=$(sqlite3 "$db" "SELECT id FROM kwesties WHERE municipality = 'GM9999' ORDER BY id LIMIT 1")

# POST reports to HOST BUURT (of CATEGORY when a third argument names
# one), or supports of HOST's kwestie ID (the second argument
# kwestie:ID), at RATE a second until killed.
feed() {
	n=0
	cat=${3:+,\"category\":\"$3\"}
	while :; do
		n=$((n + 1))
		case $2 in
		kwestie:*)
			curl -fs -o /dev/null -H "Host: $1" -H "Content-Type: application/json" \
				--data "{\"email\":\"steun.$n.$(date +%s%N)@example.org\"}" \
				"http://127.0.0.1:$port/api/v1/kwesties/${2#kwestie:}/support" ||
				echo "support failed" >&2
			;;
		*)
			curl -fs -o /dev/null -H "Host: $1" -H "Content-Type: application/json" \
				--data "{\"text\":\"Losliggende stoeptegel, bench $n $$\",\"buurt\":\"$2\"$cat}" \
				"http://127.0.0.1:$port/api/v1/signals" || echo "intake failed" >&2
			;;
		esac
		sleep "$(echo "$RATE" | awk '{printf "%.4f", 1 / $1}')"
	done
}
run() { # SET NAME [HOST BUURT [CATEGORY]]
	set=$1
	shift
	name=$1
	BENCH_PATHS=$tmp/$set BENCH_HOST=ams.test wrk -t2 -c"$CONNS" -d3s \
		-s "$HERE/cache_scope.lua" "http://127.0.0.1:$port" >/dev/null # warm
	before=$(sqlite3 "$db" "SELECT (SELECT COUNT(*) FROM signals) + (SELECT COUNT(*) FROM kwestie_supporters)")
	if [ $# -gt 1 ]; then
		feed "$2" "$3" "${4:-}" &
		feeder=$!
	fi
	BENCH_PATHS=$tmp/$set BENCH_HOST=ams.test wrk -t2 -c"$CONNS" -d"${DUR}s" \
		--latency -s "$HERE/cache_scope.lua" "http://127.0.0.1:$port" >"$tmp/w"
	[ -n "$feeder" ] && kill "$feeder" 2>/dev/null && wait "$feeder" 2>/dev/null || true
	feeder=""
	reports=$(($(sqlite3 "$db" "SELECT (SELECT COUNT(*) FROM signals) + (SELECT COUNT(*) FROM kwestie_supporters)") - before))
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/w")
	p50=$(awk '$1 == "50%" {print $2}' "$tmp/w")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/w")
	hits=$(awk '/cache hits/ {printf "%.2f", 100 * $3 / $5}' "$tmp/w")
	renders=$(awk -v d="$DUR" '/cache hits/ {printf "%.0f", ($5 - $3) / d}' "$tmp/w")
	bad=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$tmp/w")
	echo "| $set | $name | $reports | $rps | $p50 | $p99 | $hits% | $renders | $bad"
}
echo "| Amsterdam's | writes | reports or supports | req/s | p50 | p99 | from the cache | rendered/s |"
echo "|---|---|---|---|---|---|---|---|"
for r in $(seq 1 "$ROUNDS"); do
	for set in agendas open311; do
		run $set "none (round $r)"
		run $set "intake in Proefdorp (round $r)" proef.test BU99990101
		run $set "intake in Amsterdam (round $r)" ams.test AA01
		run $set "intake in Amsterdam, one category (round $r)" ams.test AA01 "$one_code"
		run $set "work in Proefdorp (round $r)" proef.test "kwestie:$proef_kwestie"
		run $set "work in Amsterdam (round $r)" ams.test "kwestie:$ams_kwestie"
	done
done
echo "signals: $(sqlite3 "$db" "SELECT municipality || ' ' || COUNT(*) FROM signals GROUP BY municipality" | tr '\n' ' ')"
