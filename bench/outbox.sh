#!/bin/sh
# The outbox's throughput (issue 13): N mails queued in the outbox are
# sent by the real server's mail worker to a local SMTP server, against
# a bare libcurl loop sending the same message to the same server in the
# same run (bench/bench_smtp.c: one connection per mail as the worker
# does, one kept connection, and our smtp_send alone).  The worker's rate
# is taken from the outbox's own sent_at times (first to last), so the
# server's start-up does not count.  The SMTP server is tests/http/smtpd.py
# (Python; a real MTA is faster, so every figure is a ratio to the bare
# loop against the same server).  Not part of `make test`.
#
# Usage: bench/outbox.sh [BUILD_DIR]      BENCH_MAILS (default 1000)
# SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
N=${BENCH_MAILS:-1000}
PORT=${BENCH_SMTP_PORT:-25252}
HTTP=${BENCH_HTTP_PORT:-18086}
tmp=$(mktemp -d)
smtp_pid=""
srv_pid=""
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null || true
	[ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

make -s -j2 all "$BUILD/bench/bench_smtp" BUILD="$BUILD" >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
python3 tests/http/smtpd.py --port "$PORT" >"$tmp/smtpd.log" 2>&1 &
smtp_pid=$!
sleep 1
URL=smtp://127.0.0.1:$PORT
for mode in bare reuse ours; do
	"$BUILD"/bench/bench_smtp "$URL" "$N" $mode | tee -a "$tmp/base.txt"
done

# the outbox: a database with N due mails, then the server
"$BUILD"/wijkagenda migrate --db "$tmp/o.db" >/dev/null 2>&1
python3 - "$tmp/o.db" "$N" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
body = ("Er is nieuws over uw melding:\n\nStatus: opgepakt -> in uitvoering.\n"
        "\nBekijk het op http://127.0.0.1/m/abc\n")
c.executemany("INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at)"
              " VALUES ('bewoner@example.org', 'Nieuws over uw melding', ?,"
              " '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
              [(body,)] * int(sys.argv[2]))
c.commit()
PY
"$BUILD"/wijkagenda serve --listen 127.0.0.1:$HTTP --db "$tmp/o.db" \
	--smtp-url "$URL" 2>"$tmp/server.log" &
srv_pid=$!
sleep 1
kill -0 "$srv_pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
python3 - "$tmp/o.db" "$N" "$tmp/base.txt" <<'PY'
import datetime, sqlite3, sys, time
db, n = sys.argv[1], int(sys.argv[2])
deadline = time.time() + 120
while time.time() < deadline:
    c = sqlite3.connect(db, timeout=10)
    left = c.execute("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
    if left == 0:
        break
    c.close()
    time.sleep(0.2)
else:
    sys.exit("bench: the outbox did not empty within 120 s (see the server log)")
first, last = c.execute("SELECT MIN(sent_at), MAX(sent_at) FROM outbox").fetchone()
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
rate = (n - 1) / max(t(last) - t(first), 1e-6)
base = {}
for line in open(sys.argv[3]):
    f = dict(kv.split("=") for kv in line.split()[1:])
    base[line.split()[0]] = float(f["mails_per_s"])
print("outbox.worker mails=%d mails_per_s=%.0f" % (n, rate))
for k in ("smtp.bare", "smtp.reuse", "smtp.ours"):
    print("ratio outbox/%s = %.2f" % (k, rate / base[k]))
PY
