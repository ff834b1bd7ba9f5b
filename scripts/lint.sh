#!/bin/sh
# make lint: static checks that need no build.  Reports; exits 1 on findings.
#   - banned libc calls (unbounded or unchecked) in src/
#   - SQL built with printf-style calls
#   - po/en.po complete (no fuzzy or untranslated messages)
#   - cppcheck on src/
# SPDX-License-Identifier: EUPL-1.2
status=0
# C everywhere we write it: the server, its tests, benchmarks and tools.
csrc="src tests tools bench"
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|strtok|atoi|atol)[[:space:]]*\('
if grep -rnE --include='*.c' --include='*.h' "$banned" $csrc; then
	echo "lint: banned calls above (use snprintf, buf_addf, strtol with checks)"
	status=1
fi
# SQL is a constant with $n placeholders.  A line that must build it (a
# table name read from the catalogue in a test) says why after lint-ok:.
if grep -rnE --include='*.c' '(printf|mprintf|asprintf)[[:space:]]*\([^;]*"(SELECT|INSERT|UPDATE|DELETE)' $csrc |
	grep -v 'lint-ok: [a-z]'; then
	echo "lint: SQL built with printf; bind values with \$n placeholders"
	status=1
fi
# Tests run on any machine: no absolute paths of this one.
if grep -rnE --exclude-dir=node_modules '"/(work|root|home)/' tests bench scripts \
	--include='*.c' --include='*.py' --include='*.sh' --include='*.mjs' --include='*.js'; then
	echo "lint: a machine's path in a test; use paths relative to the repository"
	status=1
fi
# Layers (docs/architecture.md): a lower layer never includes a higher one.
if [ -x scripts/layers.sh ]; then
	scripts/layers.sh || status=1
fi
# The English catalogue is complete: a fuzzy entry (msgmerge's guess after
# a Dutch text changed) is left out by msgfmt and shows the Dutch text.
if command -v msgfmt >/dev/null 2>&1; then
	stats=$(msgfmt --check --statistics -o /dev/null po/en.po 2>&1) || status=1
	case "$stats" in
	*fuzzy* | *untranslated*)
		echo "lint: po/en.po: $stats (translate them, drop the fuzzy marks)"
		status=1
		;;
	esac
fi
if command -v cppcheck >/dev/null 2>&1; then
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--std=c11 -Isrc --suppress=missingIncludeSystem src || status=1
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status
