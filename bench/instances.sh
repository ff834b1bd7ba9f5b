#!/bin/sh
# Two server instances on one PostgreSQL against one instance on SQLite
# (not part of `make test`), measured in the same run on the same machine:
#   read    GET /m/<token> and GET /sociale-kaart?q=taal
#   intake  POST /api/v1/signals (bench/post.lua), each 201 after its commit
# Durability is the same on both sides: SQLite runs synchronous=FULL, the
# PostgreSQL cluster fsync, synchronous_commit and full_page_writes on
# (scripts/pg-test.sh with WIJKAGENDA_PG_DURABLE=1, its own state file).
# wrk drives the SQLite instance with all connections and each PostgreSQL
# instance with half of them at once; their answers per second (errors
# such as 503 left out) are added.  Each round measures SQLite, then
# PostgreSQL; the figures are medians over BENCH_ROUNDS rounds.  After
# intake the new rows are checked against the answers, and the servers'
# logged errors and 5xx answers are summed up.  BENCH_KEEP=1 keeps the
# temporary directory (server logs, wrk output).  BENCH_SERVE_ARGS is
# added to every server's command line (e.g. "--cache-mb 0": every read
# from the database, as before the answer cache of issue 16).
# Usage: bench/instances.sh BUILD_DIR    SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
BIN=$BUILD/wijkagenda
DUR=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-50}
THREADS=${BENCH_SERVER_THREADS:-4}
ROUNDS=${BENCH_ROUNDS:-3}
tmp=$(mktemp -d)
pids=""
wrk_pids=""
pg_started=""
export WIJKAGENDA_PG_STATE="$tmp/pg.env"
cleanup() {
	for p in $wrk_pids $pids; do
		kill "$p" 2>/dev/null || true
	done
	for p in $wrk_pids $pids; do
		wait "$p" 2>/dev/null || true
	done
	if [ -n "$pg_started" ]; then
		scripts/pg-test.sh stop || true
	fi
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v wrk >/dev/null 2>&1; then
	echo "bench: installing wrk"
	apt-get install -y -qq wrk curl >/dev/null
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "uptime: $(uptime)"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve NAME PORT DB: start an instance, wait until it answers /healthz.
serve() {
	"$BIN" serve --listen "127.0.0.1:$2" --db "$3" --threads "$THREADS" \
		--dedupe-window 0 --rate-intake 0 --rate-login 0 --rate-mail 0 \
		--demo ${BENCH_SERVE_ARGS:-} 2>"$tmp/$1.log" &
	pids="$pids $!"
	for _ in $(seq 1 600); do
		curl -fs "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return
		sleep 0.1
	done
	echo "bench: $1 did not come up; its log:" >&2
	tail -20 "$tmp/$1.log" >&2
	exit 1
}

# The demo data gives the social map 38 services to search.
sq_port=$(free_port)
serve sqlite "$sq_port" "$tmp/bench.db"

pg_started=1
WIJKAGENDA_PG_DURABLE=1 scripts/pg-test.sh start >/dev/null
pg_url=$(scripts/pg-test.sh url)
psql -qX -v ON_ERROR_STOP=1 "$pg_url" -c 'CREATE DATABASE bench' >/dev/null
pg_db=${pg_url%/*}/bench
echo "postgresql: $(psql -AtX "$pg_db" -c "SELECT 'fsync=' || current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit') || ' full_page_writes=' || current_setting('full_page_writes')"); sqlite: synchronous=FULL"
pg1_port=$(free_port)
serve pg1 "$pg1_port" "$pg_db" # migrates and seeds
pg2_port=$(free_port)
serve pg2 "$pg2_port" "$pg_db"
echo "servers: --threads $THREADS each; wrk ${DUR}s, $CONNS connections in all, $ROUNDS rounds"

# A signal to read, on each backend; the PostgreSQL one through pg1, read
# through both.
post_signal() { # port
	curl -fs -H 'Content-Type: application/json' \
		-d '{"text":"De lantaarnpaal voor nummer 12 brandt niet.","buurt":"AA01"}' \
		"http://127.0.0.1:$1/api/v1/signals" |
		sed -n 's/.*"token": *"\([^"]*\)".*/\1/p'
}
sq_token=$(post_signal "$sq_port")
pg_token=$(post_signal "$pg1_port")
curl -fs "http://127.0.0.1:$pg2_port/m/$pg_token" >/dev/null || {
	echo "bench: pg2 does not see the signal made through pg1" >&2
	exit 1
}

# wrk_one OUT URL THREADS CONNS [SCRIPT]: run wrk, output in OUT.
wrk_one() {
	if [ -n "${5:-}" ]; then
		wrk -t"$3" -c"$4" -d"${DUR}s" --latency -s "$5" "$2" >"$1"
	else
		wrk -t"$3" -c"$4" -d"${DUR}s" --latency "$2" >"$1"
	fi
}
# From a wrk output: answers other than errors per second (wrk's
# Requests/sec counts a 503 too), p99 in ms, completed requests, non-2xx
# responses, socket errors.
rps_of() {
	awk '/requests in/ {
		n = $1; t = $4; sub(/,$/, "", t); u = t; sub(/[0-9.]+/, "", u)
		t += 0; if (u == "ms") t /= 1000; else if (u == "m") t *= 60
	}
	/Non-2xx/ {bad = $NF}
	END {printf "%.2f", (n - bad) / t}' "$1"
}
p99_of() {
	awk '$1 == "99%" {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		if (u == "us") v /= 1000; else if (u == "s") v *= 1000
		else if (u == "m") v *= 60000
		printf "%.1f", v }' "$1"
}
reqs_of() { awk '/requests in/ {print $1}' "$1"; }
non2xx_of() { awk '/Non-2xx/ {n = $NF} END {print n + 0}' "$1"; }
errs_of() { awk '/Socket errors/ {sub(/^ *Socket errors: */, ""); print}' "$1"; }
timeouts_of() { awk '/Socket errors/ {n = $NF} END {print n + 0}' "$1"; }

# Counts of signals on each backend, to compare with the 201s counted.
sq_count() { sqlite3 "$tmp/bench.db" 'SELECT count(*) FROM signals'; }
pg_count() { psql -AtX "$pg_db" -c 'SELECT count(*) FROM signals'; }

# Let the requests wrk left in flight finish before counting rows.
settle() { # KIND
	[ "$1" != intake ] || sleep 1
}

# measure KIND SQLITE_PATH PG_PATH [SCRIPT]: one round, SQLite then
# PostgreSQL.  Appends "rps p99" to $tmp/KIND.sq and "rps p99_1 p99_2" to
# $tmp/KIND.pg.
measure() {
	before=$(sq_count)
	wrk_one "$tmp/w.sq" "http://127.0.0.1:$sq_port$2" 2 "$CONNS" "${4:-}"
	settle "$1"
	after=$(sq_count)
	check "$1" sqlite-1 "$((after - before))" "$tmp/w.sq"
	echo "$(rps_of "$tmp/w.sq") $(p99_of "$tmp/w.sq")" >>"$tmp/$1.sq"

	half=$((CONNS / 2))
	before=$(pg_count)
	wrk_one "$tmp/w.pg1" "http://127.0.0.1:$pg1_port$3" 1 "$half" "${4:-}" &
	w1=$!
	wrk_one "$tmp/w.pg2" "http://127.0.0.1:$pg2_port$3" 1 "$((CONNS - half))" "${4:-}" &
	w2=$!
	wrk_pids="$w1 $w2"
	wait "$w1"
	wait "$w2"
	wrk_pids=""
	settle "$1"
	after=$(pg_count)
	check "$1" postgres-2 "$((after - before))" "$tmp/w.pg1" "$tmp/w.pg2"
	echo "$(rps_of "$tmp/w.pg1") $(rps_of "$tmp/w.pg2") $(p99_of "$tmp/w.pg1") $(p99_of "$tmp/w.pg2")" |
		awk '{printf "%.2f %s %s\n", $1 + $2, $3, $4}' >>"$tmp/$1.pg"
	echo "  round $r $1: sqlite-1 $(tail -1 "$tmp/$1.sq" | awk '{print $1 "/s p99 " $2 " ms"}'); postgres-2 $(tail -1 "$tmp/$1.pg" | awk '{print $1 "/s p99 " $2 "+" $3 " ms"}')"
}

# check KIND NAME ROWS_ADDED WRK_OUT...: no error responses; after
# intake, the new rows match the requests wrk completed (requests still
# in flight when wrk stops, or when it gives up on one after 2 s, are
# committed but not counted: up to one per connection and time-out more
# rows than 2xx answers).
check() {
	kind=$1 name=$2 rows=$3
	shift 3
	done_n=0 bad=0 lost=0
	for f in "$@"; do
		done_n=$((done_n + $(reqs_of "$f")))
		bad=$((bad + $(non2xx_of "$f")))
		lost=$((lost + $(timeouts_of "$f")))
		e=$(errs_of "$f")
		[ -n "$e" ] && echo "  $kind $name: socket errors: $e"
	done
	[ "$bad" -gt 0 ] && echo "  $kind $name: $bad non-2xx responses"
	if [ "$kind" = intake ]; then
		ok=$((done_n - bad))
		extra=$((rows - ok))
		echo "  $kind $name: $ok answered 2xx, $rows new signals (+$extra)"
		if [ "$extra" -lt 0 ] || [ "$extra" -gt $((CONNS + lost)) ]; then
			echo "bench: $name: rows and 2xx answers differ by $extra" >&2
			exit 1
		fi
	fi
	return 0
}

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# report KIND LABEL: the medians over the rounds and the ratio.
report() {
	s=$(cut -d' ' -f1 "$tmp/$1.sq" | median)
	sp=$(cut -d' ' -f2 "$tmp/$1.sq" | median)
	p=$(cut -d' ' -f1 "$tmp/$1.pg" | median)
	p1=$(cut -d' ' -f2 "$tmp/$1.pg" | median)
	p2=$(cut -d' ' -f3 "$tmp/$1.pg" | median)
	echo "$2: sqlite-1 $s/s p99 $sp ms; postgres-2 $p/s p99 $p1 ms (instance 1), $p2 ms (instance 2); ratio $(echo "$p $s" | awk '{printf "%.2f", $1/$2}')"
}

q='/sociale-kaart?q=taal'
for r in $(seq 1 "$ROUNDS"); do
	measure read_m "/m/$sq_token" "/m/$pg_token"
	measure read_search "$q" "$q"
done
# Intake last: it grows the databases the reads would run on.
for r in $(seq 1 "$ROUNDS"); do
	measure intake /api/v1/signals /api/v1/signals bench/post.lua
done
# What the servers logged: errors (by message) and 5xx answers.
for n in sqlite pg1 pg2; do
	awk -v n="$n" '/event=request/ && / status=5/ {s5++}
	/level=error/ {
		e++
		if (match($0, /message="[^"\\]*/) || match($0, /event=[^ ]*/))
			m[substr($0, RSTART, RLENGTH)]++
	}
	END {
		printf "log %s: %d error lines, %d answers 5xx\n", n, e, s5
		for (k in m) printf "  %d x %s\n", m[k], k
	}' "$tmp/$n.log"
done
report read_m "read /m/<token>"
report read_search "read $q"
report intake "intake"
echo "uptime: $(uptime)"
