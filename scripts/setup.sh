#!/usr/bin/env bash
# The system packages tracedb's tests need, installed with apt-get only where missing:
# strace 6.1 (the oracle), a C compiler for the fixtures, setarch/taskset/unshare and script
# (util-linux, bsdutils), hostname (the fleet test names its hosts in UTS namespaces), openssl
# (bench/fleet.mjs runs it), the kernel headers the generated tables are checked against, the
# programs the tests trace (curl, python3), gdb (trace-replay --until's test attaches it) and
# perl (the trace-rec command is a Perl script), man and groff (the man pages are rendered by the
# tests), zsh (its completion function is read by the tests) and chromium (trace-q --html's page is
# loaded in it, headless, by playwright-core). Run as root, or with sudo available.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1; }
have strace || need+=(strace)
have cc || need+=(gcc libc6-dev)
{ have setarch && have taskset && have unshare; } || need+=(util-linux)
have hostname || need+=(hostname)
have openssl || need+=(openssl)
have script || need+=(bsdutils)
have curl || need+=(curl)
have python3 || need+=(python3)
have gdb || need+=(gdb)
have perl || need+=(perl-base)
have man || need+=(man-db)
have groff || need+=(groff-base)
have zsh || need+=(zsh)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls -d /usr/src/linux-headers-*-common >/dev/null 2>&1 || need+=(linux-headers-amd64)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup: strace, cc, setarch, taskset, unshare, hostname, openssl, script, curl, python3, gdb, perl, man, groff, zsh, chromium and the kernel headers are all here"
  exit 0
fi
echo "setup: installing ${need[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${need[@]}"
