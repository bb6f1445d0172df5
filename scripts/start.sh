#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and starts Janus, coturn (TURN), the server, the
# web app and the demo ward on http://localhost:${PORT:-8080}. Run as root on Debian 12. The server
# runs Janus and coturn as its own supervised children (never Debian's services).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo "› Biên dịch / building"
mkdir -p runtime
if ! npm run build --silent > runtime/build.log 2>&1; then
  cat runtime/build.log >&2
  exit 1
fi
# NOTE: without MEDIA_IFACE the demo keeps media on this machine: Janus gets 127.0.0.2 on a veth
# (it ignores loopback interfaces), and TURN listens on loopback only. A ward server sets
# MEDIA_IFACE/MEDIA_ADDR to its LAN (README).
if [[ -z "${MEDIA_IFACE:-}" ]]; then
  bash scripts/setup-net.sh >/dev/null
  export MEDIA_IFACE=dc0 MEDIA_ADDR=127.0.0.2 TURN_LISTEN_ADDR=${TURN_LISTEN_ADDR:-127.0.0.1}
fi
exec node packages/server/dist/main.js
