#!/usr/bin/env bash
# Runs a command in a fresh network namespace that has only loopback and the media veth
# (dc0 with 127.0.0.2), so that tests with Janus, bots and Chromium cannot reach, or even see,
# any other address of this machine. Needs root. Usage: scripts/in-netns.sh <command> [args…]
set -euo pipefail
exec unshare --net -- bash -c '
  set -e
  ip link set lo up
  ip link add dc0 type veth peer name dc1
  ip addr add 127.0.0.2/32 dev dc0
  ip link set dc0 up
  ip link set dc1 up
  exec "$@"
' in-netns "$@"
