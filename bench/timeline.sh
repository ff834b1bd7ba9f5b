#!/bin/sh
# The public timeline with 100 entries (issue 13): the resident's
# tracking page GET /m/{token}, its Atom feed GET /m/{token}/feed, the
# kwestie page GET /kwesties/{id} and its feed GET /kwesties/{id}/feed,
# each against nginx serving the same bytes as a static file, measured in
# the same run: wrk -t2 -cCONNS for SECONDS, alternating nginx and
# wijkagenda ROUNDS times, medians of req/s and of the p99.  The ratio
# (wijkagenda / nginx, req/s; and p99 nginx / wijkagenda) is the price of
# reading the rows, making the words (app/timeline.c) and escaping them.
# Not part of `make test`; SQLite only (the server's `--demo` data, plus
# timeline rows written with the sqlite3 tool).
#
# Usage: bench/timeline.sh [BUILD_DIR]
#   BENCH_SECONDS (5), BENCH_CONNECTIONS (50), BENCH_ROUNDS (3),
#   BENCH_SERVER_THREADS (4), BENCH_ENTRIES (100)
# SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
BIN=$BUILD/wijkagenda
DUR=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-50}
ROUNDS=${BENCH_ROUNDS:-3}
THREADS=${BENCH_SERVER_THREADS:-4}
ENTRIES=${BENCH_ENTRIES:-100}
PORT=${BENCH_TL_PORT:-18095}
NGX_PORT=$((PORT + 1))
tmp=$(mktemp -d)
srv_pid=""
ngx_pid=""
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
	[ -n "$ngx_pid" ] && kill "$ngx_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

for tool in wrk sqlite3; do
	command -v $tool >/dev/null 2>&1 || { echo "bench: $tool is needed" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench: nginx is needed" >&2; exit 1; }
make -s -j2 all BUILD="$BUILD" >/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

"$BIN" serve --listen 127.0.0.1:$PORT --db "$tmp/tl.db" --threads "$THREADS" \
	--demo --dedupe-window 0 --rate-intake 0 2>"$tmp/server.log" &
srv_pid=$!
for _ in $(seq 1 600); do
	curl -fs http://127.0.0.1:$PORT/healthz >/dev/null 2>&1 && break
	sleep 0.1
done
token=$(curl -fs -H 'Content-Type: application/json' \
	-d '{"text":"De lantaarnpaal voor nummer 12 brandt niet.","buurt":"AA01"}' \
	http://127.0.0.1:$PORT/api/v1/signals | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: no signal made" >&2; exit 1; }
sid=$(sqlite3 "$tmp/tl.db" "SELECT id FROM signals WHERE token = '$token'")
kid=$(sqlite3 "$tmp/tl.db" "SELECT MIN(id) FROM kwesties")

# Rows like a busy year: status and level changes with a reason, and
# messages a professional wrote, one a minute up to now.  $1: the column
# (signal_id or kwestie_id), $2: the id, $3: how many.
add_entries() {
	sqlite3 "$tmp/tl.db" "PRAGMA busy_timeout = 10000;
	INSERT INTO timeline (kwestie_id, signal_id, at, actor, kind, from_value,
			      to_value, reason, message)
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $3)
	SELECT CASE '$1' WHEN 'kwestie_id' THEN $2 END,
	       CASE '$1' WHEN 'signal_id' THEN $2 END,
	       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || ($3 - i) || ' minutes'),
	       'Stadsdeel Centrum',
	       CASE i % 3 WHEN 0 THEN 'status' WHEN 1 THEN 'level' ELSE 'note' END,
	       CASE i % 3 WHEN 0 THEN 'opgepakt' WHEN 1 THEN 'buurt' END,
	       CASE i % 3 WHEN 0 THEN 'in_uitvoering' WHEN 1 THEN 'wijk' END,
	       CASE i % 3 WHEN 1 THEN 'Het speelt in meer straten van de wijk.' END,
	       CASE i % 3 WHEN 2 THEN 'We hebben de aannemer gebeld; hij komt '
		   || 'volgende week kijken & zet <een> hek neer.' END
	FROM n;" >/dev/null
}
have=$(sqlite3 "$tmp/tl.db" "SELECT COUNT(*) FROM timeline WHERE signal_id = $sid")
add_entries signal_id "$sid" $((ENTRIES - have))
have=$(sqlite3 "$tmp/tl.db" "SELECT COUNT(*) FROM timeline WHERE kwestie_id = $kid")
[ "$have" -lt "$ENTRIES" ] && add_entries kwestie_id "$kid" $((ENTRIES - have))

paths="/m/$token /m/$token/feed /kwesties/$kid /kwesties/$kid/feed"
mkdir -p "$tmp/www/m/$token" "$tmp/www/kwesties/$kid"
for p in $paths; do
	# a page and its feed in one directory tree: the page is index.html
	f=$tmp/www$p
	[ -d "$f" ] && f=$f/index.html
	curl -fs "http://127.0.0.1:$PORT$p" >"$f"
done
for p in $paths; do
	f=$tmp/www$p
	[ -d "$f" ] && f=$f/index.html
	n=$(grep -c '<entry>' "$f" || true)
	[ "$n" -gt 0 ] || n=$(grep -c '<tr><td>' "$f" || true)
	echo "  $p: $(wc -c <"$f") bytes, $n entries"
done

cat >"$tmp/nginx.conf" <<NGX
worker_processes auto;
daemon off;
error_log $tmp/nginx-error.log;
pid $tmp/nginx.pid;
events { worker_connections 1024; }
http {
	access_log off;
	default_type application/atom+xml;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$NGX_PORT;
		root $tmp/www;
		index index.html;
		location ~ /\$ { default_type text/html; }
	}
}
NGX

wrk_run() { # url
	wrk -t"$([ "$CONNS" -ge 2 ] && echo 2 || echo 1)" -c"$CONNS" -d"${DUR}s" --latency "$1" >"$tmp/wrk.txt"
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.txt")
	p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000}
		else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}
		print v}' "$tmp/wrk.txt")
	errs=$(awk '/Non-2xx|Socket errors/ {print}' "$tmp/wrk.txt" | tr '\n' ' ')
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

for p in $paths; do
	name=$(echo "$p" | sed "s|$token|TOKEN|; s|/kwesties/$kid|/kwesties/ID|")
	: >"$tmp/n.rps"; : >"$tmp/w.rps"; : >"$tmp/n.p99"; : >"$tmp/w.p99"
	our_errs=""
	for _ in $(seq 1 "$ROUNDS"); do
		"$NGINX" -c "$tmp/nginx.conf" -p "$tmp" &
		ngx_pid=$!
		sleep 0.5
		ngx_url=http://127.0.0.1:$NGX_PORT$p
		[ -d "$tmp/www$p" ] && ngx_url=$ngx_url/
		wrk_run "$ngx_url"
		echo "$rps" >>"$tmp/n.rps"; echo "$p99" >>"$tmp/n.p99"
		kill "$ngx_pid"; wait "$ngx_pid" 2>/dev/null || true; ngx_pid=""
		wrk_run "http://127.0.0.1:$PORT$p"
		echo "$rps" >>"$tmp/w.rps"; echo "$p99" >>"$tmp/w.p99"
		our_errs="$our_errs$errs"
	done
	n_rps=$(median <"$tmp/n.rps"); w_rps=$(median <"$tmp/w.rps")
	n_p99=$(median <"$tmp/n.p99"); w_p99=$(median <"$tmp/w.p99")
	echo "timeline $name entries=$ENTRIES rounds=$ROUNDS wijkagenda_rps=$w_rps nginx_rps=$n_rps ratio_rps=$(echo "$w_rps $n_rps" | awk '{printf "%.2f", $1/$2}') wijkagenda_p99_ms=$w_p99 nginx_p99_ms=$n_p99 p99s_ms=[$(tr '\n' ' ' <"$tmp/w.p99")] $our_errs"
done
kill -TERM "$srv_pid"; wait "$srv_pid" 2>/dev/null || true; srv_pid=""
if grep -q 'level=error' "$tmp/server.log"; then
	echo "server errors:"; grep 'level=error' "$tmp/server.log" | head -5
fi
