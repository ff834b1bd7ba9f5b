#!/bin/sh
# The public figures on a generated city (issue 14), on SQLite:
# bench_kwgen makes 1M signals and 100k kwesties over Amsterdam's 518
# buurten, bench/figures.sql adds resident keys, timeline entries, 100k
# grades, promises and a population per buurt; the real server answers
# GET /api/v1/areas/{code}/figures for the city and a stadsdeel, and
# bench_figures compares it with the bare aggregate query
# (store_figures_read) in the same run.  Not part of `make test`.
#
# Usage: bench/figures.sh [BUILD_DIR] [sqlite|pg|both]   (sqlite)
#   BENCH_FIG_REQUESTS   requests per scope (1000)
#   BENCH_FIG_BARE       runs of the bare aggregate per scope (5)
#   BENCH_FIG_REGEN=1    make the database anew
# The database stays in BUILD_DIR/bench-fig/fig.db (about 3 minutes to
# make on 2 cores, 900 MB) and is made again when asked, missing or older
# than the generator or figures.sql.  PostgreSQL: a throwaway cluster
# (scripts/pg-test.sh), filled by bench_kwgen and bench/figures.pg.sql
# (the same rows) on every run (about 2 minutes).
# SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
WHICH=${2:-sqlite}
REQ=${BENCH_FIG_REQUESTS:-1000}
BARE=${BENCH_FIG_BARE:-5}
DIR=$BUILD/bench-fig
PORT=${BENCH_FIG_PORT:-18086}
export WIJKAGENDA_PG_STATE="$PWD/$BUILD/bench-fig/pg.env"
srv_pid=""
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
	[ "$WHICH" = sqlite ] || scripts/pg-test.sh stop
}
trap cleanup EXIT INT TERM

make -s -j2 all "$BUILD/bench/bench_kwgen" "$BUILD/bench/bench_figures" \
	BUILD="$BUILD" >/dev/null
mkdir -p "$DIR"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

measure() { # backend db-url
	"$BUILD"/wijkagenda serve --listen 127.0.0.1:$PORT --db "$2" --threads 4 \
		2>"$DIR/server-$1.log" &
	srv_pid=$!
	for _ in $(seq 1 600); do
		curl -fs http://127.0.0.1:$PORT/healthz >/dev/null 2>&1 && break
		sleep 0.1
	done
	echo "backend=$1 server up; load $(cut -d' ' -f1-3 /proc/loadavg)"
	"$BUILD"/bench/bench_figures "$2" $PORT "$REQ" "$BARE"
	kill -TERM "$srv_pid"
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=""
	if grep -q 'level=error' "$DIR/server-$1.log"; then
		echo "server errors:"
		grep 'level=error' "$DIR/server-$1.log" | head -5
	fi
}

if [ "$WHICH" != pg ]; then
	db=$DIR/fig.db
	if [ "${BENCH_FIG_REGEN:-0}" = 1 ] || [ ! -f "$db" ] ||
		[ "$BUILD/bench/bench_kwgen" -nt "$db" ] || [ bench/figures.sql -nt "$db" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		echo "generating 1000000 signals, 100000 kwesties"
		"$BUILD"/bench/bench_kwgen "$db" "$DIR/fig.key" >"$DIR/gen.log" 2>&1 ||
			{ cat "$DIR/gen.log" >&2; exit 1; }
		tail -1 "$DIR/gen.log"
		t0=$(date +%s)
		sqlite3 "$db" <bench/figures.sql
		echo "figures.sql: $(($(date +%s) - t0)) s"
	fi
	# A fresh cache for every run: the first request of a period counts
	# (and the figures job counts nothing ahead: nobody read a scope yet).
	sqlite3 "$db" "DELETE FROM figures_cache"
	measure sqlite "$db"
fi
if [ "$WHICH" != sqlite ]; then
	scripts/pg-test.sh stop
	url=$(scripts/pg-test.sh start)
	echo "generating 1000000 signals, 100000 kwesties (PostgreSQL)"
	"$BUILD"/bench/bench_kwgen "$url" "$DIR/fig-pg.key" >"$DIR/gen-pg.log" 2>&1 ||
		{ cat "$DIR/gen-pg.log" >&2; exit 1; }
	t0=$(date +%s)
	psql -q -v ON_ERROR_STOP=1 "$url" -f bench/figures.pg.sql
	echo "figures.pg.sql: $(($(date +%s) - t0)) s"
	measure pg "$url"
fi
