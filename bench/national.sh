#!/bin/sh
# National scale on one small machine (issue 16): bench_kwgen makes a
# generated database of BENCH_NAT_SIGNALS signals (10M) and a tenth as
# many kwesties, bench/figures.sql (figures.pg.sql) adds resident keys,
# receipts and closings in the timeline, grades and promises, and
# bench_national measures the p99 of every public page
# and API of the real server over it (tracking page, agenda at every
# level, kwestie page, figures, Open311 lists, social map search, open
# data), each against the bare SQL it needs, in the same run; the
# server's peak RSS after each page (server_hwm_kb) and its RSS at the
# end.  Targets: pages p99 < 10 ms, dashboards
# < 50 ms, RSS < 200 MB.  Not part of `make test`.
#
# Usage: bench/national.sh [BUILD_DIR] [sqlite|pg]          (build, sqlite)
#   BENCH_NAT_SIGNALS (10000000), BENCH_NAT_KWESTIES (a tenth of it)
#   BENCH_NAT_REQUESTS  requests per page (500)
#   BENCH_NAT_ONLY      measure only pages whose name starts with one of
#                       these comma-separated prefixes (tracking,open311)
#   BENCH_NAT_REGEN=1   make the SQLite database anew
#   BENCH_NAT_PG_KEEP=1 leave the PostgreSQL cluster running at the end,
#                       and measure again on it (no new data) when it
#                       is still running: the second run reads a warm
#                       cache, the first one what generating left
#   BENCH_NAT_PG_SHARED_BUFFERS  the new cluster's shared_buffers (4GB)
# The SQLite database stays in BUILD_DIR/bench-national/n-SIGNALS.db (10M:
# about 30 minutes and 9 GB to make on 2 busy cores, see
# bench/RESULTS.md, issue 16 C) and is made when missing; PostgreSQL: a throwaway
# cluster (scripts/pg-test.sh), filled on every run (use 1M there), then
# measured with one instance and with two at once.
# SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
WHICH=${2:-sqlite}
NS=${BENCH_NAT_SIGNALS:-10000000}
NK=${BENCH_NAT_KWESTIES:-$((NS / 10))}
REQ=${BENCH_NAT_REQUESTS:-500}
ONLY=${BENCH_NAT_ONLY:-}
DIR=$BUILD/bench-national
PORT=${BENCH_NAT_PORT:-18177}
export WIJKAGENDA_PG_STATE="$PWD/$DIR/pg.env"
srv_pid=""
srv2_pid=""
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
	[ -n "$srv2_pid" ] && kill "$srv2_pid" 2>/dev/null || true
	[ "$WHICH" = sqlite ] || [ "${BENCH_NAT_PG_KEEP:-0}" = 1 ] ||
		scripts/pg-test.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

make -s -j2 all "$BUILD/bench/bench_kwgen" "$BUILD/bench/bench_national" \
	BUILD="$BUILD" >/dev/null
mkdir -p "$DIR"
# huge pages reserved for PostgreSQL's shared_buffers (docs/deployment.md):
# its default huge_pages=try takes them when the cluster starts
echo "huge pages: $(awk '/HugePages_Total/ {t=$2} /Hugepagesize/ {s=$2} END {printf "%d reserved (%.1f GB)", t, t*s/1048576}' /proc/meminfo)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

# On SQLite bench_kwgen drops the signals' secondary indexes before the
# bulk load (BENCH_KWGEN_BARE) and they are made again after figures.sql:
# the links' and entries' triggers (migration 025) rewrite each signal's
# row, and with the wide signals_by_category (026) each rewrite moved an
# entry at a random place of a 1.8 GB index (the 10M load stopped after
# 30 minutes and an 8 GB WAL in the links' step).  Made again, they are
# what the migrations make (their SQL from a scratch database).
sqlite_signal_indexes() { # db
	sqlite3 "$1" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index'
		AND tbl_name = 'signals' AND sql IS NOT NULL ORDER BY name"
}

generate() { # db-url key-file log
	echo "generating $NS signals and $NK kwesties ($3)"
	case $1 in
	postgres*) ;;
	*)
		scratch=$(mktemp -d)
		"$BUILD"/wijkagenda migrate --db "$scratch/s.db" >/dev/null 2>&1 ||
			{ echo "migrate: a scratch database failed" >&2; exit 1; }
		indexes=$(sqlite_signal_indexes "$scratch/s.db")
		rm -rf "$scratch"
		;;
	esac
	BENCH_KWGEN_BARE=1 \
	/usr/bin/time -f "generate: %e s wall, max RSS %M KB" \
		"$BUILD"/bench/bench_kwgen "$1" "$2" "$NS" "$NK" >"$3" 2>&1 ||
		{ tail -20 "$3" >&2; exit 1; }
	grep 'bench_kwgen: .* in ' "$3"
	tail -1 "$3"
	# what bench_kwgen's city lacks (bench/figures.sql): resident keys,
	# a receipt in the timeline for every signal and an entry for every
	# closing, grades on 16% of the closed signals, promises on 40% of
	# the kwesties taken up
	t0=$(date +%s)
	case $1 in
	postgres*) psql -q -v ON_ERROR_STOP=1 "$1" -f bench/figures.pg.sql ;;
	*) sqlite3 "$1" <bench/figures.sql ;;
	esac
	echo "figures.sql: $(($(date +%s) - t0)) s"
	case $1 in
	postgres*) ;;
	*)
		t0=$(date +%s)
		printf '%s\n' "$indexes" | sqlite3 "$1"
		[ "$(sqlite_signal_indexes "$1")" = "$indexes" ] ||
			{ echo "the signals' indexes were not made again" >&2; exit 1; }
		echo "signals' indexes made again: $(($(date +%s) - t0)) s"
		;;
	esac
}

measure() { # backend db-url
	"$BUILD"/wijkagenda serve --listen 127.0.0.1:$PORT --db "$2" \
		--threads 4 --secret-file "$DIR/secret" 2>"$DIR/server-$1.log" &
	srv_pid=$!
	for _ in $(seq 1 3000); do
		curl -fs http://127.0.0.1:$PORT/healthz >/dev/null 2>&1 && break
		sleep 0.1
	done
	sleep 2 # the jobs of a fresh start run once
	echo "backend=$1 server up; load $(cut -d' ' -f1-3 /proc/loadavg)"
	BENCH_NAT_PID=$srv_pid "$BUILD"/bench/bench_national "$2" $PORT "$REQ" "$ONLY"
	echo "server VmRSS after: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$srv_pid/status)," \
		"VmHWM: $(awk '/VmHWM/ {print $2 " " $3}' /proc/$srv_pid/status);" \
		"load $(cut -d' ' -f1-3 /proc/loadavg)"
	kill -TERM "$srv_pid"
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=""
	if grep -q 'level=error' "$DIR/server-$1.log"; then
		echo "server errors:"
		grep 'level=error' "$DIR/server-$1.log" | head -5
	fi
}

# Two instances on one PostgreSQL database, measured at once: each
# instance gets its own bench_national (the same pages), so every page
# is read by two clients on two servers; each prints its own table.
measure_two() { # db-url
	"$BUILD"/wijkagenda serve --listen 127.0.0.1:$PORT --db "$1" \
		--threads 4 --secret-file "$DIR/secret" 2>"$DIR/server-pg-a.log" &
	srv_pid=$!
	"$BUILD"/wijkagenda serve --listen 127.0.0.1:$((PORT + 1)) --db "$1" \
		--threads 4 --secret-file "$DIR/secret" 2>"$DIR/server-pg-b.log" &
	srv2_pid=$!
	for p in $PORT $((PORT + 1)); do
		for _ in $(seq 1 3000); do
			curl -fs http://127.0.0.1:$p/healthz >/dev/null 2>&1 && break
			sleep 0.1
		done
	done
	sleep 2
	echo "backend=pg, two instances up; load $(cut -d' ' -f1-3 /proc/loadavg)"
	BENCH_NAT_PID=$srv_pid "$BUILD"/bench/bench_national "$1" $PORT "$REQ" "$ONLY" >"$DIR/two-a.txt" 2>&1 &
	a=$!
	BENCH_NAT_PID=$srv2_pid "$BUILD"/bench/bench_national "$1" $((PORT + 1)) "$REQ" "$ONLY" >"$DIR/two-b.txt" 2>&1 &
	b=$!
	wait $a || true
	wait $b || true
	echo "instance A (port $PORT):"; cat "$DIR/two-a.txt"
	echo "instance B (port $((PORT + 1))):"; cat "$DIR/two-b.txt"
	for pid in $srv_pid $srv2_pid; do
		echo "server $pid VmRSS: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$pid/status)," \
			"VmHWM: $(awk '/VmHWM/ {print $2 " " $3}' /proc/$pid/status)"
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null || true
	done
	srv_pid=""
	srv2_pid=""
}

if [ "$WHICH" != pg ]; then
	db=$DIR/n-$NS.db
	if [ "${BENCH_NAT_REGEN:-0}" = 1 ] || [ ! -s "$db" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		generate "$db" "$DIR/n-$NS.key" "$DIR/gen-sqlite-$NS.log"
	fi
	echo "sqlite file: $(du -m "$db" | cut -f1) MB for $NS signals" \
		"($(du -m "$db" | awk -v n="$NS" '{printf "%.0f", $1 * 1e6 / n}') MB per million)"
	measure sqlite "$db"
fi
if [ "$WHICH" != sqlite ]; then
	if [ "${BENCH_NAT_PG_KEEP:-0}" = 1 ] && url=$(scripts/pg-test.sh url 2>/dev/null) &&
		psql -Atqc "SELECT 1 FROM signals LIMIT 1" "$url" >/dev/null 2>&1; then
		echo "pg: the cluster kept from the last run ($url)"
	else
		scripts/pg-test.sh stop >/dev/null 2>&1 || true
		# shared_buffers as docs/deployment.md advises (a quarter of
		# RAM; PostgreSQL's 128 MB default read most of a cold list's
		# pages from the OS: Open311 by code p50 18 -> 13 ms at 1M)
		url=$(WIJKAGENDA_PG_SHARED_BUFFERS=${BENCH_NAT_PG_SHARED_BUFFERS:-4GB} \
			scripts/pg-test.sh start)
		generate "$url" "$DIR/n-pg.key" "$DIR/gen-pg-$NS.log"
	fi
	measure pg "$url"
	measure_two "$url"
fi
