// Recovery of a live meeting with six bridge-point bots (all publishing, each receiving the other
// five): Janus killed with SIGKILL (the server restarts it and sends media.reset), and the
// signalling server itself killed with SIGKILL and started again on the same data (the bots
// rejoin without restarting; the new server ends the Janus the dead one left behind). Both
// measure the time from the kill until every bot sees all five others' video again. Runs inside
// scripts/in-netns.sh; the second test runs the built server (npm run build).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotGroup } from '@diemcau/bots';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { demoJoinLink } from '../demo/links.js';
import { seedDemo } from '../demo/seed.js';
import { startServerProcess } from '../testing/server-process.js';
import type { ServerProcess } from '../testing/server-process.js';
import { freePort, startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

const POINTS = [
  'Hội trường UBND phường',
  'Văn phòng Đảng ủy phường',
  'Khu phố 1',
  'Khu phố 2',
  'Khu phố 3',
  'Khu phố 4',
];
/** Low video rates: six encoders and thirty decoders share this machine with the server. */
const VIDEO_KBPS = 150;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** True while `pid` is a live (not zombie) process. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('a meeting of six bridge points survives', () => {
  it('Janus killed: every bot receives the others’ video again', async () => {
    const sys: TestSystem = await startTestSystem();
    cleanups.push(() => sys.stop());
    const links = await Promise.all(POINTS.map((name) => sys.link(name)));
    const group = await BotGroup.start({ links, videoKbps: VIDEO_KBPS }, 45_000);
    cleanups.push(() => group.stop());
    const pid = sys.media?.pid;
    if (pid === undefined) throw new Error('Janus is not running');

    const killedAt = performance.now();
    process.kill(pid, 'SIGKILL');
    const back = await group.waitAllSeeAll(killedAt, 30_000);
    const recoveredMs = Math.round(back - killedAt);
    const reports = await group.stop();
    console.log(`[recovery] Janus kill -9 → all 6 bots see all 5 others again in ${recoveredMs} ms`);

    expect(sys.media?.pid, 'a new Janus').not.toBe(pid);
    for (const report of reports) {
      expect(report?.fatal, `${report?.name} ended badly`).toBeNull();
      expect(report?.mediaResets, `${report?.name} got media.reset`).toBeGreaterThanOrEqual(1);
      expect(report?.rejoins, `${report?.name} kept its signalling`).toEqual([]);
    }
    expect(recoveredMs).toBeLessThan(30_000);
  }, 90_000);

  it('signalling server killed and restarted: the bots rejoin in place and get media again', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-recovery-'));
    cleanups.push(() => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })));
    const port = await freePort();
    const rtpMin = 21000 + Math.floor(Math.random() * 400) * 100;
    const env = {
      JANUS_ENABLED: '1',
      JANUS_WS_PORT: String(await freePort()),
      JANUS_RTP_MIN: String(rtpMin),
      JANUS_RTP_MAX: String(rtpMin + 99),
      MEDIA_IFACE: process.env.DIEMCAU_MEDIA_IFACE ?? 'dc0',
      MEDIA_ADDR: process.env.DIEMCAU_MEDIA_ADDR ?? '127.0.0.2',
      TURN_ENABLED: '0',
    };
    // Seed the data folder first: the demo ward, and each point's own invitation.
    const db = await openDatabase({ url: path.join(dataDir, 'diemcau.sqlite') });
    const { meetingId } = await seedDemo(db);
    const origin = `http://127.0.0.1:${port}`;
    const links = await Promise.all(
      POINTS.map(async (name) => (await demoJoinLink(db, origin, meetingId, name)).link),
    );
    await db.destroy();
    let server: ServerProcess = await startServerProcess({ dataDir, port, env });
    cleanups.push(() => server.stop());
    const group = await BotGroup.start({ links, videoKbps: VIDEO_KBPS }, 45_000);
    cleanups.push(() => group.stop());
    const janusPidFile = path.join(dataDir, 'janus', 'janus.pid');
    const oldJanus = Number(fs.readFileSync(janusPidFile, 'utf8'));
    expect(alive(oldJanus)).toBe(true);

    const killedAt = performance.now();
    await server.kill9();
    // NOTE: a SIGKILLed server cannot stop its Janus: it keeps running until the next start.
    expect(alive(oldJanus), 'the dead server’s Janus outlives it').toBe(true);
    server = await startServerProcess({ dataDir, port, env });
    const upMs = Math.round(performance.now() - killedAt);
    const back = await group.waitAllSeeAll(killedAt, 40_000);
    const recoveredMs = Math.round(back - killedAt);
    const reports = await group.stop();
    console.log(
      `[recovery] server kill -9 → restarted in ${upMs} ms; all 6 bots see all 5 others again in ${recoveredMs} ms`,
    );

    expect(alive(oldJanus), 'the new server ended the orphaned Janus').toBe(false);
    expect(Number(fs.readFileSync(janusPidFile, 'utf8'))).not.toBe(oldJanus);
    for (const report of reports) {
      expect(report?.fatal, `${report?.name} ended badly`).toBeNull();
      expect(report?.rejoins.length, `${report?.name} rejoined in the same process`).toBeGreaterThanOrEqual(
        1,
      );
    }
    expect(recoveredMs).toBeLessThan(40_000);
  }, 120_000);
});
