#!/bin/sh
# The bewonersagenda and triage on a generated city (issue 12), on SQLite
# and on PostgreSQL: bench_kwgen makes 1M signals and 100k kwesties over
# Amsterdam's 518 buurten, the real server answers
# GET /api/v1/areas/{code}/agenda and GET /api/v1/triage over loopback, and
# bench_kwesties compares each with the bare store queries that read the
# same rows, in the same run.  Not part of `make test`.
#
# Usage: bench/kwesties.sh [BUILD_DIR] [sqlite|pg|both]
#   BENCH_KW_SIGNALS, BENCH_KW_KWESTIES   sizes (1000000, 100000)
#   BENCH_KW_REQUESTS                     requests per agenda level (1000)
#   BENCH_KW_TRIAGE                       triage requests (200; 0: none)
#   BENCH_KW_REGEN=1                      make the SQLite database anew
#   BENCH_KW_BUILD=0                      measure BUILD_DIR's binaries as they
#                                         are (an older build, for a before)
# The SQLite database stays in BUILD_DIR/bench-kw/kw.db (about a minute
# to make, 650 MB) and is made again when asked (other sizes), missing or
# older than the generator; the PostgreSQL cluster is a throwaway one
# (scripts/pg-test.sh), made and filled on every run (about a minute).
# SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
WHICH=${2:-both}
NS=${BENCH_KW_SIGNALS:-1000000}
NK=${BENCH_KW_KWESTIES:-100000}
REQ=${BENCH_KW_REQUESTS:-1000}
TRI=${BENCH_KW_TRIAGE:-200}
DIR=$BUILD/bench-kw
PORT=${BENCH_KW_PORT:-18085}
export WIJKAGENDA_PG_STATE="$PWD/$DIR/pg.env"
srv_pid=""
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
	scripts/pg-test.sh stop
}
trap cleanup EXIT INT TERM

if [ "${BENCH_KW_BUILD:-1}" = 1 ]; then
	make -s -j2 all "$BUILD/bench/bench_kwgen" "$BUILD/bench/bench_kwesties" \
		BUILD="$BUILD" >/dev/null
fi
mkdir -p "$DIR"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

generate() { # db-url key-file log
	echo "generating $NS signals and $NK kwesties ($3)"
	"$BUILD"/bench/bench_kwgen "$1" "$2" "$NS" "$NK" >"$3" 2>&1 ||
		{ cat "$3" >&2; exit 1; }
	tail -1 "$3"
}

measure() { # backend db-url key-file
	"$BUILD"/wijkagenda serve --listen 127.0.0.1:$PORT --db "$2" \
		--threads 4 2>"$DIR/server-$1.log" &
	srv_pid=$!
	for _ in $(seq 1 600); do
		curl -fs http://127.0.0.1:$PORT/healthz >/dev/null 2>&1 && break
		sleep 0.1
	done
	sleep 2 # the jobs of a fresh start (retention) run once
	echo "backend=$1 load $(cut -d' ' -f1-3 /proc/loadavg)"
	"$BUILD"/bench/bench_kwesties "$2" $PORT "$3" "$REQ" "$TRI"
	kill -TERM "$srv_pid"
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=""
	if grep -q 'level=error' "$DIR/server-$1.log"; then
		echo "server errors:"
		grep 'level=error' "$DIR/server-$1.log" | head -5
	fi
}

if [ "$WHICH" != pg ]; then
	db=$DIR/kw.db
	# made again when the generator (and the migrations linked into it)
	# is newer than the database
	if [ "${BENCH_KW_REGEN:-0}" = 1 ] || [ ! -f "$db" ] || [ ! -f "$DIR/kw.key" ] ||
		[ "$BUILD/bench/bench_kwgen" -nt "$db" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		generate "$db" "$DIR/kw.key" "$DIR/gen-sqlite.log"
	fi
	measure sqlite "$db" "$DIR/kw.key"
fi
if [ "$WHICH" != sqlite ]; then
	scripts/pg-test.sh stop
	url=$(scripts/pg-test.sh start)
	generate "$url" "$DIR/kw-pg.key" "$DIR/gen-pg.log"
	measure pg "$url" "$DIR/kw-pg.key"
fi
