#!/bin/sh
# The open data's largest download (issue 14): GET /open-data/signalen.csv
# and .json of 1,000,000 signals, and kwesties.csv of 100,000 kwesties,
# against the bare SQL read of the same rows and columns by the sqlite3
# tool (`sqlite3 -csv`, to /dev/null), in the same run, alternating
# ROUNDS times; medians of the wall time, and the peak RSS of each: the
# server's growth over the download (VmHWM in /proc after minus before;
# the high-water mark only rises, so each round runs on a fresh server)
# and the sqlite3 tool's maximum resident set (/usr/bin/time).  Streaming
# (web/open_data.c) must keep the server's growth near one page of 1,000
# rows whatever the number of rows.
# Not part of `make test`; SQLite only.  The database comes from
# bench_kwgen (1M signals, 100k kwesties), made once and kept in DIR.
#
# Usage: bench/open_data.sh [BUILD_DIR]
#   BENCH_ROUNDS (3), BENCH_DIR (/tmp/wijkagenda-bench-opendata),
#   BENCH_SIGNALS (1000000), BENCH_KWESTIES (100000)
# SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
BIN=$BUILD/wijkagenda
ROUNDS=${BENCH_ROUNDS:-3}
DIR=${BENCH_DIR:-/tmp/wijkagenda-bench-opendata}
NS=${BENCH_SIGNALS:-1000000}
NK=${BENCH_KWESTIES:-100000}
PORT=${BENCH_OD_PORT:-18097}
DB=$DIR/open_data.db
srv_pid=""
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

for tool in sqlite3 curl /usr/bin/time; do
	command -v $tool >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
make -s -j2 all "$BUILD/bench/bench_kwgen" BUILD="$BUILD" >/dev/null
mkdir -p "$DIR"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ ! -s "$DB" ] || [ "$BUILD/bench/bench_kwgen" -nt "$DB" ]; then
	rm -f "$DB" "$DB-wal" "$DB-shm"
	echo "generating $NS signals and $NK kwesties"
	"$BUILD"/bench/bench_kwgen "$DB" "$DIR/key" "$NS" "$NK" >"$DIR/gen.log" 2>&1 ||
		{ cat "$DIR/gen.log" >&2; exit 1; }
fi

# The same columns the download writes, by the same joins (store/open_data.c),
# without the day conversion and the CSV quoting the server adds.
SQL_SIGNALS="SELECT s.id, s.created_at, s.closed_at, s.kind, s.category_code,
 s.status, s.outcome, s.buurt_code, a.name, s.wijk_code, s.gebied_code,
 s.stadsdeel_code, s.is_demo,
 (SELECT group_concat(kwestie_id, ' ') FROM kwestie_signals ks WHERE ks.signal_id = s.id)
 FROM signals s LEFT JOIN areas a ON a.municipality = s.municipality
 AND a.code = s.buurt_code WHERE s.is_demo = 0 ORDER BY s.id"
SQL_KWESTIES="SELECT k.id, k.title, k.description, k.area_code, k.area_level, a.name,
 k.buurt_code, b.name, k.wijk_code, k.gebied_code, k.stadsdeel_code, k.theme,
 k.category_code, k.topic, k.level, k.status, k.outcome, k.duplicate_of,
 k.merged_into, k.forwarded_to, o.name, k.urgency, k.residents,
 (SELECT count(*) FROM kwestie_signals ks WHERE ks.kwestie_id = k.id),
 k.created_at, k.closed_at, k.is_demo FROM kwesties k
 LEFT JOIN areas a ON a.municipality = k.municipality AND a.code = k.area_code
 LEFT JOIN areas b ON b.municipality = k.municipality AND b.code = k.buurt_code
 LEFT JOIN kwestie_chain kc ON kc.kwestie_id = k.id AND kc.role = 'regisseur'
 LEFT JOIN organisations o ON o.id = kc.organisation_id
 WHERE k.is_demo = 0 ORDER BY k.id"

hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

start_server() {
	"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 4 \
		--no-seed >"$DIR/server.log" 2>&1 &
	srv_pid=$!
	for _ in $(seq 1 100); do
		curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "bench: the server did not start" >&2
	cat "$DIR/server.log" >&2
	exit 1
}

stop_server() {
	kill "$srv_pid"
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=""
}

# one_server PATH -> "seconds bytes hwm_after_kb rows hwm_before_kb"
one_server() {
	start_server
	curl -sf "http://127.0.0.1:$PORT/open-data" >/dev/null
	before=$(hwm_kb "$srv_pid")
	out=$(curl -sf -o "$DIR/out" -w '%{time_total} %{size_download}' \
		"http://127.0.0.1:$PORT$1")
	after=$(hwm_kb "$srv_pid")
	rows=$(wc -l <"$DIR/out")
	stop_server
	echo "$out $after $rows $before"
}

# one_sql SQL -> "seconds bytes max_rss_kb rows"
one_sql() {
	/usr/bin/time -f '%e %M' -o "$DIR/time" sqlite3 -csv "$DB" "$1" >"$DIR/out"
	echo "$(cut -d' ' -f1 "$DIR/time") $(wc -c <"$DIR/out") $(cut -d' ' -f2 "$DIR/time") $(wc -l <"$DIR/out")"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

run() { # name path sql
	: >"$DIR/srv.txt"
	: >"$DIR/sql.txt"
	for _ in $(seq 1 "$ROUNDS"); do
		one_server "$2" >>"$DIR/srv.txt"
		one_sql "$3" >>"$DIR/sql.txt"
	done
	st=$(cut -d' ' -f1 "$DIR/srv.txt" | median)
	sb=$(cut -d' ' -f2 "$DIR/srv.txt" | median)
	sr=$(cut -d' ' -f3 "$DIR/srv.txt" | median)
	s0=$(cut -d' ' -f5 "$DIR/srv.txt" | median)
	sn=$(cut -d' ' -f4 "$DIR/srv.txt" | median)
	qt=$(cut -d' ' -f1 "$DIR/sql.txt" | median)
	qb=$(cut -d' ' -f2 "$DIR/sql.txt" | median)
	qr=$(cut -d' ' -f3 "$DIR/sql.txt" | median)
	qn=$(cut -d' ' -f4 "$DIR/sql.txt" | median)
	printf '%-15s server %6.2f s %4d MB %7d lines, peak RSS %6d -> %6d KiB | sqlite3 -csv %6.2f s %4d MB %7d lines, max RSS %6d KiB | time x%.2f\n' \
		"$1" "$st" $((sb / 1000000)) "$sn" "$s0" "$sr" "$qt" $((qb / 1000000)) "$qn" "$qr" \
		"$(echo "$st $qt" | awk '{print ($2 > 0) ? $1 / $2 : 0}')"
}

run signalen.csv /open-data/signalen.csv "$SQL_SIGNALS"
run signalen.json /open-data/signalen.json "$SQL_SIGNALS"
run kwesties.csv /open-data/kwesties.csv "$SQL_KWESTIES"
