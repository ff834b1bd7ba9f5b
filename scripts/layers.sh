#!/bin/sh
# The layers of docs/architecture.md, checked: a file in src/DIR may
# include headers of its own directory and of directories of a lower
# rank, never of a higher (or the same, other) rank.  Run by make lint.
# SPDX-License-Identifier: EUPL-1.2
#
# rank  directories
#   0   base
#   1   i18n (messages are marked with N_() in every layer above)
#   2   html http text domain
#   3   geo inventory media
#   4   store
#   5   mail hsds
#   6   app
#   7   jobs seed
#   8   views
#   9   web
#  10   main.c (src/*.c, not checked: it wires everything)
rank() {
	case "$1" in
	base) echo 0 ;;
	i18n) echo 1 ;;
	html | http | text | domain) echo 2 ;;
	geo | inventory | media) echo 3 ;;
	store) echo 4 ;;
	mail | hsds) echo 5 ;;
	app) echo 6 ;;
	jobs | seed) echo 7 ;;
	views) echo 8 ;;
	web) echo 9 ;;
	*) echo "" ;;
	esac
}
status=0
for dir in src/*/; do
	d=$(basename "$dir")
	r=$(rank "$d")
	if [ -z "$r" ]; then
		echo "layers: src/$d has no rank in scripts/layers.sh"
		status=1
		continue
	fi
	for f in "$dir"*.c "$dir"*.h "$dir"*.inc; do
		[ -f "$f" ] || continue
		grep -o '^#include "[a-z0-9_]*/' "$f" | sed 's/#include "//; s/\///' | sort -u |
			while read -r inc; do
				[ "$inc" = "$d" ] && continue
				ri=$(rank "$inc")
				if [ -z "$ri" ] || [ "$ri" -ge "$r" ]; then
					echo "layers: $f (src/$d, rank $r) includes $inc/ (rank ${ri:-none})"
				fi
			done
	done
done >"${TMPDIR:-/tmp}/layers.$$"
if [ -s "${TMPDIR:-/tmp}/layers.$$" ]; then
	cat "${TMPDIR:-/tmp}/layers.$$"
	status=1
fi
rm -f "${TMPDIR:-/tmp}/layers.$$"
exit $status
