// The ward server's service: the systemd unit that scripts/install-service.sh writes is valid and
// restarts the server whatever stopped it, and scripts/serve.sh (what the unit runs) starts the
// built server and stops it cleanly on the SIGTERM that systemd sends. Runs inside
// scripts/in-netns.sh (root), like the other system tests.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertTestNamespace } from '@diemcau/bots';
import { describe, expect, it } from 'vitest';
import { freePort } from '../testing/system-harness.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url)).replace(/\/$/, '');

/** `Key=value` lines of one section of a unit file. */
function section(unit: string, name: string): Map<string, string> {
  const body = unit.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? '';
  const out = new Map<string, string>();
  for (const line of body.split('\n').slice(1)) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1] as string, m[2] as string);
  }
  return out;
}

describe('diemcau.service', () => {
  it('is a valid unit that runs scripts/serve.sh from this checkout and always comes back', () => {
    const unit = execFileSync('bash', [path.join(repoRoot, 'scripts/install-service.sh'), '--print'], {
      encoding: 'utf8',
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-unit-'));
    const file = path.join(dir, 'diemcau.service');
    fs.writeFileSync(file, unit);
    // Exits non-zero (and says why) on unknown keys, bad values or an ExecStart that is not there.
    execFileSync('systemd-analyze', ['verify', file], { stdio: 'pipe' });
    const service = section(unit, 'Service');
    expect(service.get('WorkingDirectory')).toBe(repoRoot);
    expect(service.get('ExecStart')).toBe(`/bin/bash ${repoRoot}/scripts/serve.sh`);
    expect(fs.existsSync(`${repoRoot}/scripts/serve.sh`)).toBe(true);
    expect(service.get('Restart')).toBe('always');
    expect(service.get('KillMode')).toBe('mixed');
    expect(section(unit, 'Unit').get('StartLimitIntervalSec')).toBe('0');
    expect(section(unit, 'Install').get('WantedBy')).toBe('multi-user.target');
  });

  it('refuses other arguments without writing anything', () => {
    const run = () =>
      execFileSync('bash', [path.join(repoRoot, 'scripts/install-service.sh'), '--now'], { stdio: 'pipe' });
    expect(run).toThrow(/usage/);
  });
});

/** Janus processes whose command line names this data folder (their config folder is in it). */
function janusPids(dataDir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('janus') && line.includes(dataDir))
    .map((line) => Number.parseInt(line.trim(), 10));
}

describe('scripts/serve.sh', () => {
  it('starts the built server with Janus, which answers, and stops both cleanly on SIGTERM', async () => {
    assertTestNamespace();
    const port = await freePort();
    const janusPort = await freePort();
    const rtpMin = 21000 + Math.floor(Math.random() * 400) * 100;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-serve-'));
    const child = spawn('bash', [path.join(repoRoot, 'scripts/serve.sh')], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        JANUS_WS_PORT: String(janusPort),
        JANUS_RTP_MIN: String(rtpMin),
        JANUS_RTP_MAX: String(rtpMin + 99),
        TURN_ENABLED: '0',
        MEDIA_IFACE: 'dc0',
        MEDIA_ADDR: '127.0.0.2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect
        .poll(
          async () => {
            const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
            return res?.status ?? 0;
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(200);
      expect(output).toContain('Điểm Cầu đang chạy');
      expect(output).toContain('Janus is up');
      const janus = janusPids(dataDir);
      expect(janus, 'the server runs its own Janus').toHaveLength(1);
      // bash execs node, so the signal reaches the server itself, as with KillMode=mixed; the
      // server must stop its Janus itself (systemd kills leftovers only after TimeoutStopSec).
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      expect(janusPids(dataDir), 'Janus stopped with the server').toEqual([]);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
