#!/bin/sh
# Durable intake with group commit (not part of `make test`), against its
# baseline in the same run on the same machine:
#   ours  POST /api/v1/signals (bench/post.lua, each with an e-mail address:
#         signal, contact, timeline entry, notification row, the
#         acknowledgement mail), every 201 after the COMMIT that holds it
#         (SQLite, synchronous=FULL)
#   raw   bench_intake: the same rows, same schema and pragmas, BATCH
#         signals per transaction, no HTTP
# Rounds alternate (ours, raw); the figures are medians.  Then the proof
# that no request was answered before its commit: wrk runs again with
# bench/post-record.lua (each 201's token to a file, flushed), the server
# is killed with SIGKILL halfway, and every recorded token must be in the
# database.
# Sizes: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_SERVER_THREADS
# (4, serve's default: a server thread parks an intake's connection and
# serves others while the writer commits, so the threads no longer bound
# a group), BENCH_ROUNDS (3), BENCH_RAW_SIGNALS (50000), BENCH_BATCH
# (50).  BENCH_KEEP=1 keeps the temporary directory.  The server logs
# its group statistics at shutdown (event=group_commit), printed per round.
# BENCH_PG=1 adds PostgreSQL (durable cluster of scripts/pg-test.sh, as
# bench/instances.sh): one intake round and the raw batched baseline on
# it, and from pg_stat_wal and pg_stat_database how many commits shared
# one WAL flush during the intake round: PostgreSQL groups concurrent
# commits itself, so store/group.c leaves it alone unless that says
# otherwise.
# Usage: bench/intake.sh BUILD_DIR       SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
BIN=$BUILD/wijkagenda
DUR=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-50}
THREADS=${BENCH_SERVER_THREADS:-4}
ROUNDS=${BENCH_ROUNDS:-3}
RAW_N=${BENCH_RAW_SIGNALS:-50000}
BATCH=${BENCH_BATCH:-50}
tmp=$(mktemp -d)
srv_pid=""
pg_started=""
export WIJKAGENDA_PG_STATE="$tmp/pg.env"
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
	[ -n "$pg_started" ] && scripts/pg-test.sh stop >/dev/null 2>&1 || true
	if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v wrk >/dev/null 2>&1 || apt-get install -y -qq wrk curl >/dev/null
# Both binaries from the sources of this run: a bench_intake built before
# a migration made the raw baseline's schema an index short (it happened).
make -s -j2 BUILD="$BUILD" all "$BUILD/bench/bench_intake"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "uptime: $(uptime)"

serve() { # DB
	"$BIN" serve --listen 127.0.0.1:$port --db "$1" --threads "$THREADS" \
		--dedupe-window 0 --rate-intake 0 2>"$tmp/server.log" &
	srv_pid=$!
	for _ in $(seq 1 600); do
		curl -fs http://127.0.0.1:$port/healthz >/dev/null 2>&1 && return
		sleep 0.1
	done
	echo "bench: the server did not come up" >&2
	tail -20 "$tmp/server.log" >&2
	exit 1
}
stop() {
	kill -TERM "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=""
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ms() { # wrk's latency (12.3ms, 1.2s, 800us) in ms
	awk '{v = $1; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000}
		else if (v ~ /ms$/) {sub(/ms/, "", v)}
		else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}
		printf "%.1f", v}'
}

port=18090
: >"$tmp/our.rps"; : >"$tmp/raw.rps"; p99s=""
for r in $(seq 1 "$ROUNDS"); do
	rm -f "$tmp/bench.db"*
	serve "$tmp/bench.db"
	wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s bench/post.lua \
		http://127.0.0.1:$port/api/v1/signals >"$tmp/wrk.txt"
	stop
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt" | ms)
	bad=$(awk '/Non-2xx|Socket errors/' "$tmp/wrk.txt" | tr '\n' ' ')
	rows=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from signals").fetchone()[0])' "$tmp/bench.db")
	rm -f "$tmp/raw.db"*
	"$BUILD"/bench/bench_intake "$tmp/raw.db" "$RAW_N" "$BATCH" >"$tmp/raw.txt"
	raw=$(sed -n 's/.*signals_per_s=\([0-9.]*\).*/\1/p' "$tmp/raw.txt")
	echo "$rps" >>"$tmp/our.rps"; echo "$raw" >>"$tmp/raw.rps"
	p99s="$p99s $p99"
	groups=$(sed -n 's/.*event=group_commit \(.*\)/\1/p' "$tmp/server.log")
	echo "  round $r: wijkagenda $rps signals/s (p99 $p99 ms, $rows rows; $groups) $bad| raw batched ($BATCH) $raw signals/s"
done
our=$(median <"$tmp/our.rps"); raw=$(median <"$tmp/raw.rps")
echo "intake.group conns=$CONNS threads=$THREADS rounds=$ROUNDS median_wijkagenda_per_s=$our median_raw_batched_per_s=$raw batch=$BATCH ratio=$(echo "$our $raw" | awk '{printf "%.2f", $1/$2}') p99_ms=[$p99s ]"

# The proof: SIGKILL halfway through a recorded run.
mkdir -p "$tmp/tokens"
rm -f "$tmp/kill.db"*
serve "$tmp/kill.db"
BENCH_TOKENS="$tmp/tokens" wrk -t2 -c"$CONNS" -d"${DUR}s" -s bench/post-record.lua \
	http://127.0.0.1:$port/api/v1/signals >"$tmp/wrk-kill.txt" 2>&1 &
wrk_pid=$!
sleep $((DUR / 2))
kill -KILL "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=""
wait "$wrk_pid" || true
cat "$tmp"/tokens/tok-* 2>/dev/null | sort -u >"$tmp/answered"
python3 - "$tmp/kill.db" "$tmp/answered" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
stored = {r[0] for r in db.execute("SELECT token FROM signals")}
answered = [l.strip() for l in open(sys.argv[2]) if l.strip()]
missing = [t for t in answered if t not in stored]
ic = db.execute("PRAGMA integrity_check").fetchone()[0]
print("intake.kill answered_201=%d stored=%d answered_but_missing=%d"
      " committed_unanswered=%d integrity=%s"
      % (len(answered), len(stored), len(missing),
         len(stored) - (len(answered) - len(missing)), ic))
sys.exit(1 if missing or ic != "ok" or not answered else 0)
PY

[ -n "${BENCH_PG:-}" ] || exit 0
pg_started=1
WIJKAGENDA_PG_DURABLE=1 scripts/pg-test.sh start >/dev/null
pg_url=$(scripts/pg-test.sh url)
psql -qX -v ON_ERROR_STOP=1 "$pg_url" -c 'CREATE DATABASE bench' -c 'CREATE DATABASE raw' >/dev/null
pg_db=${pg_url%/*}/bench
stat_sql="SELECT (SELECT wal_sync FROM pg_stat_wal) || ' ' || (SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench')"
serve "$pg_db"
s0=$(psql -AtX "$pg_db" -c "$stat_sql")
wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s bench/post.lua \
	http://127.0.0.1:$port/api/v1/signals >"$tmp/wrk-pg.txt"
s1=$(psql -AtX "$pg_db" -c "$stat_sql")
stop
rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk-pg.txt")
p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk-pg.txt" | ms)
bad=$(awk '/Non-2xx|Socket errors/' "$tmp/wrk-pg.txt" | tr '\n' ' ')
raw=$("$BUILD"/bench/bench_intake "${pg_url%/*}/raw" "$RAW_N" "$BATCH" | sed -n 's/.*signals_per_s=\([0-9.]*\).*/\1/p')
reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk-pg.txt")
# (xact_commit also counts the statements run outside a transaction)
echo "$s0 $s1" | awk -v rps="$rps" -v raw="$raw" -v p99="$p99" -v bad="$bad" -v reqs="$reqs" '{
	syncs = $3 - $1; commits = $4 - $2
	printf "intake.pg wijkagenda_per_s=%s p99_ms=%s raw_batched_per_s=%s ratio=%.2f intakes=%d wal_syncs=%d intakes_per_wal_sync=%.1f xact_commit=%d %s\n",
		rps, p99, raw, rps / raw, reqs, syncs, syncs ? reqs / syncs : 0, commits, bad }'
