#!/bin/sh
# Installs the Debian packages kyodo needs to build and test, when missing.
# Called by `make run`, `make test` and `make check`.
set -u
need=""
command -v cc >/dev/null 2>&1 || need="$need gcc libc6-dev"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
[ -f /usr/include/glpk.h ] || need="$need libglpk-dev"
command -v glpsol >/dev/null 2>&1 || need="$need glpk-utils"
[ -f /usr/include/libxml2/libxml/parser.h ] || need="$need libxml2-dev"
command -v xmllint >/dev/null 2>&1 || need="$need libxml2-utils"
[ -f /usr/include/CUnit/Basic.h ] || need="$need libcunit1-dev"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "kyodo needs these Debian packages:$need" >&2
    echo "run as root, or: sudo apt-get install$need" >&2
    exit 1
fi
echo "installing:$need" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq $need >/dev/null || {
    echo "apt-get could not install:$need" >&2
    exit 1
}
