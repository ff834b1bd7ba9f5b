#!/bin/sh
# Upload of a 5 MB photo over HTTP, to stored and thumbnailed (issue 17),
# against the bare decoder in the same run (not part of `make test`):
#   makes the photo-like 4000x3000 JPEG of bench/image.sh (quality 95,
#   ~5.5 MB), runs bench_image on it (the bare libjpeg-turbo decode), then
#   a real server on a fresh SQLite file and bench/photo_upload.py: POST
#   /api/v1/photos RUNS times (the answer comes after the decode, both
#   encodes, both files written and fsynced and the row committed), and a
#   report with three such photos through POST /api/v1/signals.
# Usage: bench/photo_upload.sh BUILD_DIR [RUNS]   SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
RUNS=${2:-20}
TMP=$(mktemp -d)
PORT=$((20000 + $$ % 20000))
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
make -s BUILD="$BUILD" all "$BUILD/bench/bench_image"
cc -O2 -o "$TMP/mf" tests/data/images/make_fixtures.c \
	$(pkg-config --cflags --libs libjpeg libpng libwebp) -lm
"$TMP/mf" -photo "$TMP/photo.jpg" 4000 3000 95
echo "machine: $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "photo: $(stat -c %s "$TMP/photo.jpg") bytes, 4000x3000"
"$BUILD/bench/bench_image" "$RUNS" "$TMP/photo.jpg" | grep -i -E "jpeg|decode|process" || true
"$BUILD/wijkagenda" serve --listen 127.0.0.1:$PORT --db "$TMP/b.db" \
	--rate-intake 0 --dedupe-window 0 >"$TMP/log" 2>&1 &
PID=$!
python3 bench/photo_upload.py $PORT "$TMP/photo.jpg" "$RUNS"
kill -TERM $PID
wait $PID 2>/dev/null || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
