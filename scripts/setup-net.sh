#!/usr/bin/env bash
# Gives Janus a loopback-range address on a non-loopback interface (veth pair dc0/dc1 with
# 127.0.0.2), because Janus skips loopback interfaces when it gathers ICE candidates. Tests and the
# local demo use it so that media never leaves this machine. Idempotent; needs root (ip link).
# On a real ward server this is not used: Janus takes the LAN interface instead (see README).
set -euo pipefail
IFACE=${DIEMCAU_MEDIA_IFACE:-dc0}
ADDR=${DIEMCAU_MEDIA_ADDR:-127.0.0.2}
if ! ip link show "$IFACE" >/dev/null 2>&1; then
  ip link add "$IFACE" type veth peer name "${IFACE%0}1"
fi
ip addr show dev "$IFACE" | grep -q "inet $ADDR/" || ip addr add "$ADDR/32" dev "$IFACE"
ip link set "$IFACE" up
ip link set "${IFACE%0}1" up
echo "media interface $IFACE has $ADDR"
