#!/bin/sh
# A throwaway PostgreSQL cluster for tests: initdb into a temporary
# directory as an unprivileged user, listening on 127.0.0.1 on a free port
# with trust authentication, tuned for speed (no fsync: its data is thrown
# away).  SPDX-License-Identifier: EUPL-1.2
#
#   scripts/pg-test.sh start   start a cluster (prints its URL)
#   scripts/pg-test.sh url     postgres://wijkagenda@127.0.0.1:PORT/postgres
#   scripts/pg-test.sh stop    stop it and remove its directory
#
# The cluster's directory and port are kept in $WIJKAGENDA_PG_STATE
# (default /tmp/wijkagenda-pg-test.env), so start, url and stop can run in
# different shells; set it to run several clusters side by side.
# WIJKAGENDA_PG_DURABLE=1 at start runs the cluster durable instead, as
# PostgreSQL's defaults are (fsync, synchronous_commit and full_page_writes
# on: a commit is on disk when it returns), for benchmarks that compare
# with SQLite's synchronous=FULL (bench/instances.sh).
# WIJKAGENDA_PG_SHARED_BUFFERS=SIZE at start (digits and a unit, such as
# 4GB) sets shared_buffers, as docs/deployment.md advises a deployment
# (bench/national.sh: a database of millions of signals).
# As root, the server runs as the system user wijkagenda-test (created on
# first use), since PostgreSQL refuses to run as root.
set -eu

STATE=${WIJKAGENDA_PG_STATE:-/tmp/wijkagenda-pg-test.env}
RUNAS_USER=wijkagenda-test
SUPERUSER=wijkagenda

bindir() {
	for d in "$(pg_config --bindir 2>/dev/null || true)" \
		/usr/lib/postgresql/15/bin; do
		if [ -n "$d" ] && [ -x "$d/initdb" ]; then
			echo "$d"
			return
		fi
	done
	echo "pg-test: initdb not found: apt-get install postgresql-15" >&2
	exit 1
}

# Run "$@" as the unprivileged user when we are root.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$RUNAS_USER" -- "$@"
	else
		"$@"
	fi
}

ensure_user() {
	[ "$(id -u)" = 0 ] || return 0
	if ! id "$RUNAS_USER" >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin \
			"$RUNAS_USER"
	fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

url() {
	# shellcheck disable=SC1090,SC2153
	. "$STATE"
	echo "postgres://$SUPERUSER@127.0.0.1:$PORT/postgres"
}

start() {
	if [ -f "$STATE" ]; then
		echo "pg-test: already running ($STATE); stop it first" >&2
		exit 1
	fi
	bin=$(bindir)
	ensure_user
	dir=$(mktemp -d "${TMPDIR:-/tmp}/wijkagenda-pg.XXXXXX")
	port=$(free_port)
	if [ "$(id -u)" = 0 ]; then
		chown "$RUNAS_USER" "$dir"
	fi
	as_user "$bin/initdb" -D "$dir/data" -U "$SUPERUSER" --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		rm -rf "$dir"
		exit 1
	}
	sync="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	if [ "${WIJKAGENDA_PG_DURABLE:-0}" = 1 ]; then
		sync="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
	fi
	case ${WIJKAGENDA_PG_SHARED_BUFFERS:-} in
	'') ;;
	*[!0-9A-Za-z]*)
		echo "pg-test: WIJKAGENDA_PG_SHARED_BUFFERS: digits and a unit" >&2
		rm -rf "$dir"
		exit 1
		;;
	*) sync="$sync -c shared_buffers=$WIJKAGENDA_PG_SHARED_BUFFERS" ;;
	esac
	as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -c port=$port \
-c unix_socket_directories=$dir $sync -c max_connections=200" \
		start >/dev/null || {
		cat "$dir/server.log" >&2
		rm -rf "$dir"
		exit 1
	}
	printf 'DIR=%s\nPORT=%s\nBIN=%s\n' "$dir" "$port" "$bin" >"$STATE"
	url
}

stop() {
	[ -f "$STATE" ] || exit 0
	# shellcheck disable=SC1090
	. "$STATE"
	as_user "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null ||
		true
	rm -rf "$DIR"
	rm -f "$STATE"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) url ;;
*)
	echo "usage: scripts/pg-test.sh start|stop|url" >&2
	exit 2
	;;
esac
