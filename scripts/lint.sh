#!/bin/sh
# make lint: static checks that need no build.  Reports; exits 1 on findings.
#   - banned libc calls (unbounded or unchecked) in src/
#   - SQL built with printf-style calls
#   - no writes (transactions, audit rows) in handlers and views
#   - HTML safe by type: views write through struct html only, handlers
#     write no markup, html_lit() takes literals alone
#   - po/en.po complete (no fuzzy or untranslated messages)
#   - texts for residents in plain Dutch (tools/readability_po.c)
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
# Handlers and views call use cases: a write transaction or an audit row
# of their own is a rule outside src/app/ (docs/architecture.md).
if grep -nE '\b(db_write|db_begin_write|app_audit|store_audit_add)[[:space:]]*\(' \
	src/web/*.c src/views/*.c; then
	echo "lint: a handler or view writes above; call a use case in src/app/"
	status=1
fi
# HTML safe by type (docs/architecture.md, src/html/html.h).  Views write
# only through struct html: never into a buf of their own.
if grep -nE '\bbuf_add[sfc]?[[:space:]]*\(' src/views/*.c src/views/*.h; then
	echo "lint: a view writes a buf above; use struct html (html_lit, html_text, ...)"
	status=1
fi
# Handlers write no markup: a string literal that starts with '<' in
# src/web is HTML that belongs in a view (src/views/, one file per page).
if grep -nE '"<' src/web/*.c src/web/*.inc; then
	echo "lint: markup in a handler above; move it to a view in src/views/"
	status=1
fi
# The functions behind html_lit and html_el take their markup as a plain
# pointer: only the macros, which accept literals alone, may call them.
if grep -rnE '\b(html_(markup|el)_|xml_markup_)[[:space:]]*\(' src tests --include='*.c' --include='*.h' |
	grep -v '^src/html/'; then
	echo "lint: html_markup_/html_el_/xml_markup_ called above; use html_lit/html_el/xml_lit"
	status=1
fi
# html_lit must compile for a literal and must not for a variable (nor
# html_el for a variable tag), or the type no longer keeps markup in the
# source.
html_lit_check() {
	printf '#include "html/html.h"\nvoid f(struct html *h, const char *s);\nvoid f(struct html *h, const char *s)\n{\n\t(void)s;\n\t%s;\n}\n' "$1" |
		${CC:-cc} -std=c11 -fsyntax-only -Werror -Isrc -x c - 2>/dev/null
}
if ! html_lit_check 'html_lit(h, "<p>"); html_el(h, "td", s)'; then
	echo "lint: html_lit(h, \"<p>\") or html_el(h, \"td\", s) does not compile"
	status=1
fi
# The same for the feeds' writer (html/xml.h).
xml_lit_check() {
	printf '#include "html/xml.h"\nvoid f(struct xml *x, const char *s);\nvoid f(struct xml *x, const char *s)\n{\n\t(void)s;\n\t%s;\n}\n' "$1" |
		${CC:-cc} -std=c11 -fsyntax-only -Werror -Isrc -x c - 2>/dev/null
}
if ! xml_lit_check 'xml_lit(x, "<feed>")' || xml_lit_check 'xml_lit(x, s)'; then
	echo "lint: xml_lit(x, \"<feed>\") does not compile, or xml_lit(x, s) does"
	status=1
fi
for bad in 'html_lit(h, s)' 'html_el(h, s, "x")'; do
	if html_lit_check "$bad"; then
		echo "lint: $bad compiles: markup from a variable must not"
		status=1
	fi
done
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
# Our own texts for residents pass the plain-language check they ask of
# others (docs/plain-language.md): the msgids of the pages residents see
# and of the mails they get.  tools/readability_po.c is built here from
# src/text alone, so this needs no build of the server.
residents="src/views/melden.c src/views/melden_hint.c src/views/bevestiging.c
	src/views/signal.c src/views/kwestie.c src/views/agenda.c
	src/views/follower.c src/views/sociale_kaart.c src/views/home.c
	src/views/resident.c src/views/error.c src/views/layout.c
	src/app/follower.c src/app/intake.c src/app/mailer.c
	src/domain/signal.c src/web/follower.c src/web/intake_hint.c
	src/web/pages.c src/app/timeline.c src/app/promise.c src/app/plain.c
	src/views/promise.c src/views/timeline.c src/views/timeline_feed.c
	src/jobs/notify.c src/web/notify.c src/domain/notify.c
	src/domain/describe.c src/domain/promise.c"
rpo_dir=$(mktemp -d "${TMPDIR:-/tmp}/readability_po.XXXXXX")
if ${CC:-cc} -std=c11 -D_GNU_SOURCE -O1 -Isrc -o "$rpo_dir/readability_po" \
	tools/readability_po.c src/text/readability.c \
	src/text/readability_syllables.c src/text/readability_words.c \
	src/base/arena.c src/base/buf.c src/base/utf8.c src/base/util.c \
	src/base/log.c src/base/err.c -lutf8proc -lhyphen -pthread -lm; then
	# shellcheck disable=SC2086 # one word a file
	if ! "$rpo_dir/readability_po" po/wijkagenda.pot $residents; then
		echo "lint: texts for residents above are not plain enough (docs/plain-language.md)"
		status=1
	fi
else
	echo "lint: tools/readability_po.c does not build"
	status=1
fi
rm -rf "$rpo_dir"
if command -v cppcheck >/dev/null 2>&1; then
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
		--std=c11 -Isrc --suppress=missingIncludeSystem src || status=1
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status
