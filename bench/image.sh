#!/bin/sh
# The photo path against its bare decoders, in one run (not part of
# `make test`; bench/RESULTS.md, "issue 17: photos"):
#   makes a photo-like 4000x3000 JPEG (quality 95, ~5 MB), and a PNG and a
#   lossy WebP of the same picture (tests/data/images/make_fixtures.c),
#   then bench_image (bare decode at 1/1, 1/2, 1/4, 1/8 against
#   image_process) and, when pkg-config knows vips, bench/vips_image.c
#   (libvips doing the same work, default thread pool and one thread).
# Usage: bench/image.sh BUILD_DIR [RUNS]      SPDX-License-Identifier: EUPL-1.2
set -eu
BUILD=${1:-build}
RUNS=${2:-30}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
make -s BUILD="$BUILD" "$BUILD/bench/bench_image"
cc -O2 -o "$TMP/mf" tests/data/images/make_fixtures.c \
	$(pkg-config --cflags --libs libjpeg libpng libwebp) -lm
"$TMP/mf" -photo "$TMP/photo.jpg" 4000 3000 95
"$TMP/mf" -photo-png "$TMP/photo.png" 2400 1800 0 # 4000x3000 is 20 MB as PNG
"$TMP/mf" -photo-webp "$TMP/photo.webp" 4000 3000 0
echo "machine: $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD/bench/bench_image" "$RUNS" "$TMP/photo.jpg" "$TMP/photo.png" "$TMP/photo.webp"
if pkg-config --exists vips; then
	cc -O2 -o "$TMP/vips_image" bench/vips_image.c $(pkg-config --cflags --libs vips)
	"$TMP/vips_image" "$RUNS" "$TMP/photo.jpg" "$TMP/photo.png" "$TMP/photo.webp"
	VIPS_CONCURRENCY=1 "$TMP/vips_image" "$RUNS" "$TMP/photo.jpg" "$TMP/photo.png" "$TMP/photo.webp"
else
	echo "libvips: not installed (apt-get install libvips-dev to compare)"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
