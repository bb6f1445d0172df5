// System test: the real server, the real Janus and headless wrtc bots in one demo meeting. Every
// bot must receive every other bot's video (right size, its own label decoded from the pixels) and
// audio (a tone well above silence); a leaver disappears; garbage from one client harms nobody.
import { Bot } from '@diemcau/bots';
import type { BotReport } from '@diemcau/bots';
import { parseJoinLink, signallingUrl } from '@diemcau/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem();
});

afterAll(async () => {
  await sys?.stop();
});

const names = (n: number): string[] =>
  [
    'Hội trường UBND phường',
    'Văn phòng khu phố 1',
    'Văn phòng khu phố 2',
    'Văn phòng khu phố 3',
    'Văn phòng khu phố 4',
    'Văn phòng khu phố 5',
  ].slice(0, n);

function expectFullMesh(reports: BotReport[]): void {
  for (const r of reports) {
    expect(r.fatal, `${r.name} failed`).toBeNull();
    const others = reports
      .filter((o) => o.name !== r.name)
      .map((o) => o.name)
      .sort();
    const got = r.received.filter((s) => s.source === 'camera');
    expect(got.map((s) => s.from).sort(), `${r.name} received from`).toEqual(others);
    for (const s of got) {
      const where = `${r.name} ← ${s.from}`;
      expect(s.videoFrames, `${where} video frames`).toBeGreaterThan(20);
      expect(s.width, `${where} width`).toBeGreaterThanOrEqual(160);
      expect(s.height / s.width, `${where} aspect`).toBeCloseTo(9 / 16, 1);
      expect(s.decodedLabel, `${where} label in the pixels`).toBe(s.from);
      expect(s.audioFrames, `${where} audio frames`).toBeGreaterThan(100);
      expect(s.audioRms, `${where} audio RMS`).toBeGreaterThan(0.05);
    }
    expect(r.firstRemoteFrameMs, `${r.name} first remote frame`).not.toBeNull();
  }
}

describe('a meeting through the real Janus', () => {
  it('two bots see and hear each other', async () => {
    const reports = await Promise.all(
      names(2).map(async (name) => new Bot({ link: await sys.link(name), seconds: 8 }).run()),
    );
    expectFullMesh(reports);
  });

  it('six bots: everyone receives everyone; a leaver disappears; garbage from one client harms nobody', async () => {
    const six = names(6);
    const leaverName = six[5] ?? '';
    const stayers = await Promise.all(
      six.slice(0, 5).map(async (name) => new Bot({ link: await sys.link(name), seconds: 22 })),
    );
    const leftSeen = new Map<string, boolean>();
    const leaver = new Bot({ link: await sys.link(leaverName), seconds: 9 });
    let leaverId: string | null = null;
    leaver.on('joined', (self) => {
      leaverId = self.id;
    });
    for (const b of stayers) {
      b.on('message', (m) => {
        if (m.type === 'participant.left' && m.participantId === leaverId) leftSeen.set(b.name, true);
      });
    }
    const runs = [...stayers.map((b) => b.run()), leaver.run()];

    // A misbehaving client joins and sends garbage while media flows.
    await new Promise((r) => setTimeout(r, 5000));
    const errors = await sendGarbage(signallingUrl(sys.origin), await sys.link('Kẻ phá rối'));
    expect(errors.every((c) => c === 'bad_message')).toBe(true);
    expect(errors.length).toBeGreaterThanOrEqual(4);

    const reports = await Promise.all(runs);
    const leaverReport = reports[5];
    if (!leaverReport) throw new Error('no leaver report');
    expectFullMesh(reports);
    for (const b of stayers) expect(leftSeen.get(b.name), `${b.name} saw the leaver go`).toBe(true);
    for (const r of reports.slice(0, 5)) {
      const fromLeaver = r.received.find((s) => s.from === leaverName && s.source === 'camera');
      expect(fromLeaver?.left, `${r.name} marks ${leaverName} as left`).toBe(true);
    }
    // Media kept flowing after the garbage (sent ~5 s into a 22 s run at 15 fps): a stayer that
    // lost its streams then would have ~75 frames per sender, not the > 12 s worth required here.
    for (const r of reports.slice(0, 5)) {
      for (const s of r.received.filter((x) => x.from !== leaverName && x.source === 'camera')) {
        expect(s.videoFrames, `${r.name} ← ${s.from} frames over the whole run`).toBeGreaterThan(12 * 15);
      }
    }
  });
});

describe('a Janus crash', () => {
  it('is detected, Janus restarts, and the bots publish again and receive each other again', async () => {
    const [a, b] = await Promise.all(
      names(2).map(async (name) => new Bot({ link: await sys.link(name), seconds: 24 })),
    );
    if (!a || !b) throw new Error('no bots');
    const framesOverRun = new Map<string, number>();
    let resetAt = 0;
    for (const bot of [a, b]) {
      bot.on('mediaReset', () => {
        resetAt ||= performance.now();
      });
    }
    const runs = [a.run(), b.run()];
    await new Promise((r) => setTimeout(r, 6000));
    const pid = sys.media?.pid;
    expect(pid).toBeTypeOf('number');
    process.kill(pid as number, 'SIGKILL');
    await expect
      .poll(() => sys.media?.pid !== undefined && sys.media?.pid !== pid, { timeout: 20_000 })
      .toBe(true);
    await expect.poll(() => sys.media?.isUp(), { timeout: 20_000 }).toBe(true);
    const reports = await Promise.all(runs);
    for (const r of reports) {
      expect(r.mediaResets, `${r.name} was told to publish again`).toBeGreaterThanOrEqual(1);
      framesOverRun.set(r.name, r.received.find((s) => s.source === 'camera')?.videoFrames ?? 0);
    }
    // Before the crash each bot had ~6 s of frames (≈ 90); after recovery it must have kept receiving.
    for (const [name, frames] of framesOverRun)
      expect(frames, `${name} frames over the run`).toBeGreaterThan(150);
    const res = await fetch(`${sys.origin}/api/health`);
    expect(res.status).toBe(200);
  });
});

/** Joins with a raw socket, sends malformed frames, returns the error codes received. */
async function sendGarbage(url: string, link: string): Promise<string[]> {
  const parsed = parseJoinLink(link);
  if (!parsed) throw new Error('bad link');
  const ws = new WebSocket(url);
  const codes: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { type: string; code?: string };
    if (msg.type === 'error' && msg.code) codes.push(msg.code);
  });
  ws.send(
    JSON.stringify({
      type: 'join',
      rid: 'g',
      meetingId: parsed.meetingId,
      name: parsed.name,
      token: parsed.token,
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  for (const frame of [
    '{oops',
    JSON.stringify({ type: 'publish', rid: 'x', source: 'mic' }),
    JSON.stringify({ type: 'subscribe.answer', version: 99, sdp: 'v=0 nonsense' }),
    '[]',
    JSON.stringify({ type: 'trickle', target: 'nowhere', candidate: null }),
  ]) {
    ws.send(frame);
  }
  await new Promise((r) => setTimeout(r, 500));
  ws.close();
  return codes;
}
