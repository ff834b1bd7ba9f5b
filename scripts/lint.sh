#!/bin/sh
# make lint: static checks that need no build.  Reports; exits 1 on findings.
#   - banned libc calls (unbounded or unchecked) in src/
#   - SQL built with printf-style calls
#   - po/en.po complete (no fuzzy or untranslated messages)
#   - cppcheck on src/
# SPDX-License-Identifier: EUPL-1.2
status=0
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|strtok|atoi|atol)[[:space:]]*\('
if grep -rnE "$banned" src; then
	echo "lint: banned calls above (use snprintf, buf_addf, strtol with checks)"
	status=1
fi
if grep -rnE '(printf|mprintf|asprintf)[[:space:]]*\([^;]*"(SELECT|INSERT|UPDATE|DELETE)' src; then
	echo "lint: SQL built with printf; bind values with \$n placeholders"
	status=1
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
