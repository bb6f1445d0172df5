// A second network namespace for integration tests, so a Janus node runs as if on another host:
// veth dcA (127.0.0.4, here) ↔ dcB (127.0.0.3, there). Loopback-range addresses are kept because
// the bots and test peers only ever use 127.0.0.0/8; `route_localnet` lets them cross the veth.
// Needs root and must run inside scripts/in-netns.sh (it changes this namespace's routes).
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestNetns {
  name: string;
  /** Interface and address inside the namespace (the node's media and API address). */
  iface: string;
  address: string;
  /** Runs `/usr/bin/janus` inside the namespace: a `binary` for JanusConfig. */
  janusWrapper(dir: string): string;
  remove(): void;
}

const sh = (script: string): void => {
  execFileSync('bash', ['-euc', script], { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Creates namespace `name` joined to this one by a veth pair with 127.0.0.3 on its side. */
export function createTestNetns(name = `dcx${process.pid % 10000}`): TestNetns {
  if (!/^[a-z0-9]+$/.test(name)) throw new Error(`bad namespace name ${name}`);
  sh(`
    ip netns add ${name}
    ip link add dcA type veth peer name dcB
    ip link set dcB netns ${name}
    sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.dcA.route_localnet=1
    ip addr add 127.0.0.4/32 dev dcA
    ip link set dcA up
    ip route add 127.0.0.3/32 dev dcA src 127.0.0.4
    ip netns exec ${name} bash -euc '
      ip link set lo up
      sysctl -qw net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.dcB.route_localnet=1
      ip addr add 127.0.0.3/32 dev dcB
      ip link set dcB up
      ip route add 127.0.0.4/32 dev dcB src 127.0.0.3
      ip route add 127.0.0.2/32 dev dcB src 127.0.0.3
    '
  `);
  return {
    name,
    iface: 'dcB',
    address: '127.0.0.3',
    janusWrapper(dir) {
      const file = path.join(dir, 'janus-in-netns.sh');
      writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${name} /usr/bin/janus "$@"\n`);
      chmodSync(file, 0o755);
      return file;
    },
    remove() {
      sh(`ip link del dcA 2>/dev/null || true; ip netns del ${name} 2>/dev/null || true`);
    },
  };
}
