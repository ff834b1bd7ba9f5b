#!/bin/sh
# make lint: static checks that need no build.  Reports; exits 1 on findings.
#   - banned libc calls (unbounded or unchecked) in src/
#   - SQL built with printf-style calls
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
if command -v cppcheck >/dev/null 2>&1; then
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--std=c11 -Isrc --suppress=missingIncludeSystem src || status=1
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status
