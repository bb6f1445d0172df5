#!/usr/bin/env bash
# Installs Điểm Cầu as a systemd service, so that a ward server starts it at boot and brings it back
# by itself if it ever stops (browsers and bridge points then rejoin on their own, see README).
# Run as root from the checkout, once; again after moving the checkout.
#   bash scripts/install-service.sh            install deps, build, write and start diemcau.service
#   bash scripts/install-service.sh --print    only print the unit it would write
# Settings (PORT, PUBLIC_ORIGIN, MEDIA_IFACE, …) go in /etc/diemcau/diemcau.env, created with every
# setting commented out when missing and never overwritten.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
unit_name=diemcau.service
env_file=/etc/diemcau/diemcau.env

unit() {
  cat <<UNIT
# Written by scripts/install-service.sh; run it again rather than editing this file.
[Unit]
Description=Điểm Cầu — họp trực tuyến phường và khu phố
After=network-online.target
Wants=network-online.target
# NOTE: no start limit: a ward server should keep trying for as long as it is on.
StartLimitIntervalSec=0

[Service]
Type=simple
WorkingDirectory=$root
EnvironmentFile=-$env_file
Environment=DATA_DIR=$root/runtime
ExecStart=/bin/bash $root/scripts/serve.sh
# NOTE: SIGTERM goes to the server alone, which stops Janus and coturn (its children) itself;
# whatever is left after TimeoutStopSec gets SIGKILL.
KillMode=mixed
TimeoutStopSec=30
Restart=always
RestartSec=2
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
UNIT
}

env_template() {
  cat <<'ENV'
# Settings of the Điểm Cầu server (read by diemcau.service). Uncomment and set what you need; the
# README's "Running it for a ward" explains each. Restart with: systemctl restart diemcau
#PORT=8080
#PUBLIC_ORIGIN=https://hop.phuong.local
#MEDIA_IFACE=eth0
#MEDIA_ADDR=192.168.1.10
#MEDIA_PUBLIC_ADDR=
#TURN_ENABLED=1
#TURN_EXTERNAL_ADDR=
#TURN_TLS_CERT=
#TURN_TLS_KEY=
#TURN_HOST=
#DATABASE_URL=postgres://diemcau@127.0.0.1/diemcau
#DATA_DIR=/var/lib/diemcau
#METRICS_TOKEN=
#LOG_LEVEL=info
ENV
}

if [[ "${1:-}" == "--print" ]]; then
  unit
  exit 0
fi
if [[ $# -gt 0 ]]; then
  echo "usage: bash scripts/install-service.sh [--print]" >&2
  exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "run as root (it writes /etc/systemd/system/$unit_name)" >&2
  exit 1
fi
bash "$root/scripts/install-deps.sh"
echo "› Biên dịch / building"
(cd "$root" && npm run build --silent)
mkdir -p "$(dirname "$env_file")"
if [[ ! -f "$env_file" ]]; then
  (umask 077 && env_template > "$env_file")
  echo "› Cấu hình / settings: $env_file"
fi
unit > "/etc/systemd/system/$unit_name"
echo "› Dịch vụ / service: /etc/systemd/system/$unit_name"
if [[ ! -d /run/systemd/system ]]; then
  echo "systemd is not running on this machine: the unit is written but not started" >&2
  exit 1
fi
systemctl daemon-reload
systemctl enable --now "$unit_name"
systemctl --no-pager status "$unit_name" | head -5
