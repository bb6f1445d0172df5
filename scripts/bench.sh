#!/usr/bin/env bash
# Builds and runs the benchmarks (packages/bench) inside a fresh network namespace, so Janus, the
# bots and Chromium can only use loopback and dc0 (127.0.0.2). Usage: scripts/bench.sh [--quick] [--json] [--only <name>]…
set -euo pipefail
cd "$(dirname "$0")/.."
# Build output goes to stderr: with --json the last line of stdout must be the results.
npx tsc -b packages/server packages/bots packages/bench 1>&2
# 5,000 signalling clients need as many sockets in the bench and in the server child.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec bash scripts/in-netns.sh node packages/bench/dist/cli.js "$@"
