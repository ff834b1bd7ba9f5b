#!/bin/sh
# Public answers from memory (issue 16, web/cache.c), not part of
# `make test`: each cached page or API answer against nginx serving the
# same bytes as a static file, in the same run on the same machine, and
# the same request to an instance without the cache (--cache-mb 0) on the
# same database.  Rounds alternate nginx, cached, uncached; the figures
# are medians over BENCH_ROUNDS rounds.  Every answer of the cached
# instance in the run must have come from the cache (X-Cache: hit is
# checked before, and the server's own count after is not needed: the
# bytes wrk got are compared with nginx's file by size).
# Usage: bench/cache.sh BUILD_DIR   (BENCH_SECONDS, BENCH_CONNECTIONS,
# BENCH_SERVER_THREADS, BENCH_ROUNDS, BENCH_PAGES: a space-separated
# subset of: agenda agenda_api kwestie_api kaart open311 hsds cijfers)
#                                        SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
BIN=$BUILD/wijkagenda
DUR=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-50}
THREADS=${BENCH_SERVER_THREADS:-4}
ROUNDS=${BENCH_ROUNDS:-3}
PAGES=${BENCH_PAGES:-agenda agenda_api kwestie_api kaart open311 hsds cijfers}
tmp=$(mktemp -d)
pids=""
ngx_pid=""
cleanup() {
	[ -n "$ngx_pid" ] && kill "$ngx_pid" 2>/dev/null || true
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk nginx; do
	if ! command -v $tool >/dev/null 2>&1 && [ ! -x /usr/sbin/$tool ]; then
		echo "bench: installing $tool"
		apt-get install -y -qq wrk nginx-light curl >/dev/null
	fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "uptime: $(uptime)"

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
serve() { # NAME PORT EXTRA...
	name=$1 port=$2
	shift 2
	"$BIN" serve --listen "127.0.0.1:$port" --db "$tmp/bench.db" \
		--threads "$THREADS" --demo "$@" 2>"$tmp/$name.log" &
	pids="$pids $!"
	for _ in $(seq 1 600); do
		curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return
		sleep 0.1
	done
	echo "bench: $name did not come up" >&2
	tail -20 "$tmp/$name.log" >&2
	exit 1
}
c_port=$(free_port)
serve cached "$c_port"
u_port=$(free_port)
serve uncached "$u_port" --cache-mb 0
n_port=$(free_port)

kid=$(sqlite3 "$tmp/bench.db" "SELECT id FROM kwesties WHERE status <> 'gesloten' ORDER BY id LIMIT 1")
area=$(sqlite3 "$tmp/bench.db" "SELECT area_code FROM kwesties WHERE id = $kid")
path_of() {
	case $1 in
	agenda) echo "/agenda/$area" ;;
	agenda_api) echo "/api/v1/areas/$area/agenda" ;;
	kwestie_api) echo "/api/v1/kwesties/$kid" ;;
	kaart) echo "/sociale-kaart?q=taal" ;;
	open311) echo "/open311/v2/requests.json" ;;
	hsds) echo "/hsds/services" ;;
	cijfers) echo "/cijfers/$area" ;;
	esac
}

# The bytes of each answer, for nginx; and a check that the cached
# instance answers it from memory.
chmod 755 "$tmp"
mkdir -p "$tmp/www"
for p in $PAGES; do
	url=$(path_of "$p")
	for _ in 1 2 3 4 5 6 7 8; do # every server thread looks once
		curl -fs -o /dev/null "http://127.0.0.1:$c_port$url"
	done
	curl -fs -D "$tmp/h" -o "$tmp/www/$p" "http://127.0.0.1:$c_port$url"
	grep -qi '^X-Cache: hit' "$tmp/h" || {
		echo "bench: $url is not answered from the cache" >&2
		exit 1
	}
done

chmod -R a+rX "$tmp/www"
cat >"$tmp/nginx.conf" <<NGX
worker_processes auto;
daemon off;
error_log $tmp/nginx-error.log;
pid $tmp/nginx.pid;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$n_port;
		root $tmp/www;
	}
}
NGX

rps_of() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99_of() { awk '$1 == "99%" {print $2}' "$1"; }
bad_of() { awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$1"; }
wrk_run() { # OUT URL
	wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$2" >"$1"
	b=$(bad_of "$1")
	[ -z "$b" ] || echo "  $2: $b"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

echo "servers: --threads $THREADS; wrk -t2 -c$CONNS ${DUR}s; $ROUNDS rounds; nginx worker_processes auto"
for r in $(seq 1 "$ROUNDS"); do
	"$NGINX" -c "$tmp/nginx.conf" -p "$tmp" &
	ngx_pid=$!
	sleep 1
	for p in $PAGES; do
		url=$(path_of "$p")
		wrk_run "$tmp/w" "http://127.0.0.1:$n_port/$p"
		echo "$(rps_of "$tmp/w") $(p99_of "$tmp/w")" >>"$tmp/$p.ngx"
		wrk_run "$tmp/w" "http://127.0.0.1:$c_port$url"
		echo "$(rps_of "$tmp/w") $(p99_of "$tmp/w")" >>"$tmp/$p.cached"
		wrk_run "$tmp/w" "http://127.0.0.1:$u_port$url"
		echo "$(rps_of "$tmp/w") $(p99_of "$tmp/w")" >>"$tmp/$p.uncached"
		echo "  round $r $p: nginx $(tail -1 "$tmp/$p.ngx" | cut -d' ' -f1)/s, cached $(tail -1 "$tmp/$p.cached" | cut -d' ' -f1)/s, uncached $(tail -1 "$tmp/$p.uncached" | cut -d' ' -f1)/s"
	done
	kill "$ngx_pid"
	wait "$ngx_pid" 2>/dev/null || true
	ngx_pid=""
done

echo "| answer | bytes | nginx req/s (p99) | cached req/s (p99) | ratio cached/nginx | uncached req/s (p99) | cached/uncached |"
echo "|---|---|---|---|---|---|---|"
for p in $PAGES; do
	n=$(cut -d' ' -f1 "$tmp/$p.ngx" | median)
	c=$(cut -d' ' -f1 "$tmp/$p.cached" | median)
	u=$(cut -d' ' -f1 "$tmp/$p.uncached" | median)
	np=$(cut -d' ' -f2 "$tmp/$p.ngx" | tr '\n' ' ' | sed 's/ $//')
	cp=$(cut -d' ' -f2 "$tmp/$p.cached" | tr '\n' ' ' | sed 's/ $//')
	up=$(cut -d' ' -f2 "$tmp/$p.uncached" | tr '\n' ' ' | sed 's/ $//')
	echo "| \`$(path_of "$p")\` | $(wc -c <"$tmp/www/$p") | $n ($np) | $c ($cp) | **$(echo "$c $n" | awk '{printf "%.2f", $1/$2}')** | $u ($up) | $(echo "$c $u" | awk '{printf "%.1f", $1/$2}') |"
done
echo "uptime: $(uptime)"
