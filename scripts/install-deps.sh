#!/usr/bin/env bash
# Installs what Điểm Cầu needs on Debian 12, as root: Debian packages (Janus, and for tests
# Chromium and fonts), then the npm packages. Safe to run again: it skips what is there.
# Usage: scripts/install-deps.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

want=(janus janus-tools iproute2)
if [[ "${1:-}" == "--test" ]]; then
  want+=(chromium fonts-liberation2 fonts-noto-core ffmpeg)
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
