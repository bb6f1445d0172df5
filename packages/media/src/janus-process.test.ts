// Unit tests of the orphan check at Janus start: a Janus left by a server killed hard is ended,
// and nothing else is (another program, or a Janus of another config folder, under the same pid).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { endOrphanJanus } from './janus-process.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janus-orphan-'));
/** A stand-in for Janus: a script named `janus` (so its comm is "janus") that just waits. */
const fakeJanus = path.join(dir, 'janus');
fs.writeFileSync(fakeJanus, '#!/bin/sh\nwhile :; do sleep 1; done\n', { mode: 0o755 });
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function start(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  // NOTE: give exec a moment, so /proc shows the program and not node's fork.
  return new Promise((resolve) => setTimeout(() => resolve(child), 200));
}

const alive = (pid: number): boolean => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

describe('endOrphanJanus', () => {
  const confDir = path.join(dir, 'janus-conf');
  const pidFile = path.join(dir, 'janus.pid');

  it('kills a Janus on our config folder and removes the pid file', async () => {
    const orphan = await start(fakeJanus, ['-F', confDir, '-C', path.join(confDir, 'janus.jcfg')]);
    fs.writeFileSync(pidFile, `${orphan.pid}\n`);
    expect(await endOrphanJanus(pidFile, confDir)).toBe(orphan.pid);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(orphan.pid ?? 0)).toBe(false);
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it('leaves another program, or a Janus of another folder, alone', async () => {
    const other = await start('sleep', ['30']);
    const otherJanus = await start(fakeJanus, ['-F', path.join(dir, 'elsewhere')]);
    for (const child of [other, otherJanus]) {
      fs.writeFileSync(pidFile, `${child.pid}\n`);
      expect(await endOrphanJanus(pidFile, confDir)).toBeNull();
      expect(alive(child.pid ?? 0)).toBe(true);
      expect(fs.existsSync(pidFile)).toBe(false);
    }
  });

  it('does nothing without a pid file or with garbage in it', async () => {
    expect(await endOrphanJanus(path.join(dir, 'none.pid'), confDir)).toBeNull();
    fs.writeFileSync(pidFile, 'not a pid');
    expect(await endOrphanJanus(pidFile, confDir)).toBeNull();
  });
});
