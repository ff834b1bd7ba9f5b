#!/bin/sh
# Open311 GeoReport v2 (issue 15): GET /open311/v2/requests.json and .xml
# with the default window (the last 90 days, at most 1,000 requests) over
# a generated city of 1,000,000 signals and 100,000 kwesties (bench_kwgen),
# against our own JSON list endpoint (GET /api/v1/areas/GM0363/agenda) in
# the same run, request by request alternating (bench_open311.c).
# Not part of `make test`.
#
# Usage: bench/open311.sh [BUILD_DIR] [sqlite|pg|both]   (build, sqlite)
#   BENCH_REQUESTS (1000), BENCH_DIR (/tmp/wijkagenda-bench-open311),
#   BENCH_SIGNALS (1000000), BENCH_KWESTIES (100000)
# The SQLite database is made once and kept in BENCH_DIR (about 3 minutes);
# PostgreSQL: a throwaway cluster (scripts/pg-test.sh), filled on every run.
# SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
WHICH=${2:-sqlite}
BIN=$BUILD/wijkagenda
REQ=${BENCH_REQUESTS:-1000}
DIR=${BENCH_DIR:-/tmp/wijkagenda-bench-open311}
NS=${BENCH_SIGNALS:-1000000}
NK=${BENCH_KWESTIES:-100000}
PORT=${BENCH_O311_PORT:-18099}
export WIJKAGENDA_PG_STATE="$DIR/pg.env"
srv_pid=""
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
	[ "$WHICH" = sqlite ] || scripts/pg-test.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

make -s -j2 all "$BUILD/bench/bench_kwgen" "$BUILD/bench/bench_open311" \
	BUILD="$BUILD" >/dev/null
mkdir -p "$DIR"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

measure() { # backend db-url
	"$BIN" serve --listen 127.0.0.1:$PORT --db "$2" --threads 4 \
		--secret-file "$DIR/secret" 2>"$DIR/server-$1.log" &
	srv_pid=$!
	for _ in $(seq 1 600); do
		curl -fs http://127.0.0.1:$PORT/healthz >/dev/null 2>&1 && break
		sleep 0.1
	done
	echo "backend=$1 server up; load $(cut -d' ' -f1-3 /proc/loadavg)"
	"$BUILD"/bench/bench_open311 $PORT "$REQ"
	echo "server VmRSS after: $(awk '/VmRSS/ {print $2 " " $3}' /proc/$srv_pid/status)"
	kill -TERM "$srv_pid"
	wait "$srv_pid" 2>/dev/null || true
	srv_pid=""
	if grep -q 'level=error' "$DIR/server-$1.log"; then
		echo "server errors:"
		grep 'level=error' "$DIR/server-$1.log" | head -5
	fi
}

if [ "$WHICH" != pg ]; then
	DB=$DIR/open311.db
	if [ ! -s "$DB" ] || [ "$BUILD/bench/bench_kwgen" -nt "$DB" ]; then
		rm -f "$DB" "$DB-wal" "$DB-shm" "$DIR/secret"
		echo "generating $NS signals and $NK kwesties (SQLite)"
		"$BUILD"/bench/bench_kwgen "$DB" "$DIR/key" "$NS" "$NK" \
			>"$DIR/gen.log" 2>&1 || { cat "$DIR/gen.log" >&2; exit 1; }
	fi
	measure sqlite "$DB"
fi
if [ "$WHICH" != sqlite ]; then
	scripts/pg-test.sh start >/dev/null
	url=$(scripts/pg-test.sh url)
	echo "generating $NS signals and $NK kwesties (PostgreSQL)"
	"$BUILD"/bench/bench_kwgen "$url" "$DIR/key-pg" "$NS" "$NK" \
		>"$DIR/gen-pg.log" 2>&1 || { cat "$DIR/gen-pg.log" >&2; exit 1; }
	measure pg "$url"
fi
