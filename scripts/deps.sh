#!/bin/sh
# Install the Debian 12 packages wijkagenda needs, but only those missing.
# Idempotent: a machine that has everything runs no apt-get at all.
# Used by `make run` and `make test`.  SPDX-License-Identifier: EUPL-1.2
set -eu

PACKAGES="build-essential pkg-config gettext locales python3 ca-certificates
libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libgeos-dev
libproj-dev proj-data libstemmer-dev libutf8proc-dev libhyphen-dev hyphen-nl
libsodium-dev libcurl4-openssl-dev libcmocka-dev libxml2-dev libpq-dev postgresql-15
libjpeg62-turbo-dev libpng-dev libwebp-dev
clang libclang-rt-14-dev"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done

SUDO=""
if [ "$(id -u)" != 0 ]; then
	SUDO="sudo"
fi

if [ -n "$missing" ]; then
	echo "deps: installing:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# Node.js and npm for the schema and browser tests: Debian's packages when
# no node is on the machine (a machine may carry another build of Node
# with its own npm; installing Debian's npm over it would conflict).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "deps: installing nodejs npm"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi

# The English catalogue needs an English locale to exist (gettext picks the
# catalogue by the thread's LC_MESSAGES locale); Dutch is the source language
# and runs on C.UTF-8.
if ! locale -a 2>/dev/null | grep -qi '^en_GB\.utf-\?8$'; then
	echo "deps: generating en_GB.UTF-8 locale"
	if [ -f /etc/locale.gen ] && grep -q '^# *en_GB.UTF-8 UTF-8' /etc/locale.gen; then
		$SUDO sed -i 's/^# *\(en_GB.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	elif ! grep -q '^en_GB.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		echo 'en_GB.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
	fi
	$SUDO locale-gen >/dev/null
fi
