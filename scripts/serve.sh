#!/usr/bin/env bash
# Runs the built server (no install, no build): what scripts/start.sh ends with and what the
# systemd unit of scripts/install-service.sh starts at boot. Without MEDIA_IFACE the media stays
# on this machine (the demo set-up of scripts/setup-net.sh); a ward server sets MEDIA_IFACE and
# MEDIA_ADDR to its LAN (README).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f packages/server/dist/main.js ]]; then
  echo "packages/server/dist/main.js is missing: run bash scripts/start.sh (or npm run build) once" >&2
  exit 1
fi
if [[ -z "${MEDIA_IFACE:-}" ]]; then
  bash scripts/setup-net.sh >/dev/null
  export MEDIA_IFACE=dc0 MEDIA_ADDR=127.0.0.2 TURN_LISTEN_ADDR=${TURN_LISTEN_ADDR:-127.0.0.1}
fi
exec node packages/server/dist/main.js
