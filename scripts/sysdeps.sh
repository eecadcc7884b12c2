#!/usr/bin/env bash
# The Debian packages the browser tests need: Chromium and its driver (Playwright drives the
# Debian build; browsers are never downloaded) and Node.js with npm (installs axe-core for the
# accessibility tests), and nginx for the scale-out test. Installed when missing if we are root or have sudo; otherwise stop at
# once with the one command that installs them.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# nginx for the scale-out test (deploy/cluster.py)
{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 || need+=(nginx-light)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run=(sudo)
else
    echo "The tests need these Debian packages: ${need[*]}. Install them with:" >&2
    echo "  sudo apt-get install -y ${need[*]}" >&2
    exit 1
fi
echo "installing ${need[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
"${run[@]}" apt-get update -qq
"${run[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
