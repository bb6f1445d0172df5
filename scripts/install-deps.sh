#!/usr/bin/env bash
# Installs what Điểm Cầu needs on Debian 12, as root: Debian packages (Janus, coturn, and for
# tests Chromium, fonts and nftables), then the npm packages. Safe to run again: it skips what is there.
# Usage: scripts/install-deps.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-liberation2: the attendance sheet PDF embeds Liberation Serif (every Vietnamese glyph).
# coturn: the TURN relay our server runs itself (packages/server/src/turn/).
want=(janus janus-tools coturn iproute2 fonts-liberation2)
# Meeting documents: LibreOffice (no GUI) turns office files into PDF and poppler renders pages,
# both inside bubblewrap (packages/server/src/documents/sandbox.ts).
want+=(libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui poppler-utils bubblewrap)
if [[ "${1:-}" == "--test" ]]; then
  # poppler-utils: tests read generated PDFs back with pdftotext.
  # nftables: the TURN test puts a bridge point behind a firewall that drops all UDP.
  want+=(chromium fonts-noto-core ffmpeg redis-server poppler-utils nftables)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "› Cài gói Debian / installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# NOTE: our server starts coturn with its own generated config; Debian's coturn service (started
# by the package on systemd machines) would hold port 3478 with /etc/turnserver.conf. Keep it off.
if [[ -f /lib/systemd/system/coturn.service ]] && command -v systemctl >/dev/null; then
  systemctl disable coturn.service >/dev/null 2>&1 || true
  if [[ -d /run/systemd/system ]]; then systemctl stop coturn.service >/dev/null 2>&1 || true; fi
fi

if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "✗ Cần Node.js ≥ 20.19 (khuyên dùng 22 hoặc 24 LTS) / Node.js ≥ 20.19 is required (22 or 24 LTS recommended)." >&2
  echo "  Có: $(node --version 2>/dev/null || echo 'không có / none')" >&2
  exit 1
fi

stamp=node_modules/.diemcau-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "› Cài gói npm / installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
