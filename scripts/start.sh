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
exec bash scripts/serve.sh
