#!/usr/bin/env bash
# npm run setup:test — installs the Debian packages the full test suite needs (browser journeys,
# capture cross-checks, rule validation). Everything else in `npm test` needs only Node.
set -euo pipefail
PACKAGES=(chromium tcpdump iptables nftables ipset ufw graphviz util-linux)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup:test: this system has no apt-get. Install these packages (or your distribution's equivalents) yourself:" >&2
  echo "  ${PACKAGES[*]}" >&2
  echo "Tests whose tool is missing are skipped by npm test, each with the package it needs." >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "setup:test: not root and no sudo: run as root: apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup:test: installing ${PACKAGES[*]}"
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
echo "setup:test: done. The network-namespace tests (rule validation) also need root, as CI has."
