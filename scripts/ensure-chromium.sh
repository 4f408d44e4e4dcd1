#!/usr/bin/env bash
# Installs Debian's chromium for the browser end-to-end test when /usr/bin/chromium is missing.
# The test drives this system browser with playwright-core; no tool ever downloads a browser.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available; install Chromium by hand" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: /usr/bin/chromium is missing; run as root (or with sudo) to install it" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing Debian's chromium package"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-liberation
/usr/bin/chromium --version
