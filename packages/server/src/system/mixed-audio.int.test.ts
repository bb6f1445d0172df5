// Mixed audio for a very weak bridge point, with the real server, Janus (VideoRoom + AudioBridge)
// and bots: three speakers with distinct tones, and a fourth point in a network namespace of its
// own whose downlink is capped at 100 kbit/s (tc tbf), once with its kiosk having chosen "Âm thanh
// gộp" and once switched by the server on its own (the rule: live/mixed-audio.ts). It must receive ONE
// audio stream carrying the three other tones and not its own, without gaps over 200 ms; the
// speakers still hear it directly.
// Runs inside scripts/in-netns.sh (root).
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  assertTestNamespace,
  BOT_CLI,
  botCliReport,
  createShapedHost,
  SHAPES,
  toneFrequency,
  withOrigin,
} from '@diemcau/bots';
import type { BotReport, ShapedHost } from '@diemcau/bots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem } from '../testing/system-harness.js';
import type { TestSystem } from '../testing/system-harness.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** Four bridge-point names whose bots send four different tones (the tone follows the name). */
function distinctNames(): [string, string, string, string] {
  const names: string[] = [];
  const tones = new Set<number>();
  for (let i = 1; names.length < 4; i++) {
    const name = i === 1 ? 'Khu phố 9 (mạng rất yếu)' : `Khu phố ${i}`;
    if (tones.has(toneFrequency(name))) continue;
    tones.add(toneFrequency(name));
    names.push(name);
  }
  return names as [string, string, string, string];
}
const [WEAK, ...SPEAKERS] = distinctNames();

let sys: TestSystem;
let host: ShapedHost;

beforeAll(async () => {
  assertTestNamespace();
  execFileSync('npx', ['tsc', '-b', 'packages/bots'], { cwd: repoRoot, stdio: 'inherit' });
  host = await createShapedHost({ index: 47 });
  sys = await startTestSystem();
}, 120_000);

afterAll(async () => {
  await sys?.stop();
  await host?.close();
});

/** A speaker: the bot CLI in a process of its own on this side (steady 10 ms audio timers). */
async function speaker(
  name: string,
  seconds: number,
): Promise<{ child: ChildProcess; report: Promise<BotReport> }> {
  const link = await sys.link(name);
  // NOTE: the speakers' video (500 kbit/s, no simulcast) is what congests the weak line at first.
  const args = [BOT_CLI, '--link', link, '--seconds', String(seconds), '--json'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, report: botCliReport(child) };
}

describe('a very weak bridge point gets the mixed audio', () => {
  // NOTE: "chosen": its kiosk asked for "Âm thanh gộp"; "automatic": the server switched it on its
  // own, because one stream per speaker plus the speaker's picture no longer fit its line.
  it.each([
    ['chosen', true],
    ['automatic', false],
  ])(
    'on 100 kbit/s (%s) it receives one stream with the three other voices, not its own',
    async (_, chosen) => {
      const speakers = await Promise.all(SPEAKERS.map((name) => speaker(name, 60)));
      try {
        await host.shape('downlink', SHAPES.rate(100));
        const origin = await host.expose(sys.origin);
        const link = withOrigin(await sys.link(WEAK), origin);
        // NOTE: measure 20 s once the mix and the line have settled.
        // NOTE: its own video at the lowest cap: less CPU for its encoder on a small test machine.
        const args = [
          BOT_CLI,
          '--link',
          link,
          '--seconds',
          '48',
          '--measure-after',
          '26',
          '--video-kbps',
          '30',
        ];
        if (chosen) args.push('--mixed-audio');
        args.push('--json');
        const weak = await botCliReport(host.spawn(process.execPath, args));
        for (const s of speakers) s.child.kill('SIGINT');
        const heard = await Promise.all(speakers.map((s) => s.report));

        expect(weak.fatal, 'weak point failed').toBeNull();
        const mix = weak.mixedAudio;
        if (!mix)
          throw new Error(
            `never on the mix: ${JSON.stringify([weak.receiveModes, weak.errors, weak.qualitySamples])}`,
          );
        const ownTone = weak.published?.toneHz ?? 0;
        const others = SPEAKERS.map(toneFrequency);
        const power = (hz: number): number => mix.tones[String(hz)] ?? 0;
        console.log(
          `[mixed-audio] ${JSON.stringify({
            joinedMixAtMs: mix.joinedMs,
            measuredFromMs: (weak.joinedMs ?? 0) + 26_000,
            mixKbps: mix.kbps,
            tracks: mix.tracks,
            subscriberAudioStreams: weak.subscriberAudioStreams,
            audioMs: mix.audioMs,
            longestGapMs: mix.longestGapMs,
            gaps: mix.gaps,
            speakersHearWeakGapMs: heard.map(
              (r) => r.received.find((x) => x.from === WEAK && x.source === 'camera')?.audioGapMaxMs,
            ),
            others: others.map((hz) => [hz, power(hz)]),
            own: [ownTone, power(ownTone)],
            modes: weak.receiveModes.map((m) => `${m.mode}/${m.reason}/${m.budgetKbps}@${m.atMs}`),
            samples: weak.qualitySamples.map((q) => `${q.recvKbps}k/${q.lossPct}%@${q.atMs}`),
          })}`,
        );
        expect(mix.joinedMs, 'on the mix before the measured window').toBeLessThan(
          (weak.joinedMs ?? 0) + 26_000,
        );
        expect(mix.leftMs, 'stayed on the mix').toBeNull();
        expect(mix.tracks, 'one mixed stream').toBe(1);
        expect(weak.subscriberAudioStreams, 'no per-speaker audio besides the mix').toBe(0);
        expect(mix.audioMs, 'audio over the 20 s window').toBeGreaterThan(18_000);
        expect(mix.longestGapMs, 'no gap over 200 ms').toBeLessThanOrEqual(200);
        for (const hz of others)
          expect(power(hz), `${hz} Hz in the mix`).toBeGreaterThan(power(ownTone) * 50);
        expect(mix.kbps, 'one stream fits the line').toBeLessThan(60);

        // The speakers hear the weak point directly from the VideoRoom.
        for (const report of heard) {
          expect(report.fatal).toBeNull();
          const got = report.received.find((r) => r.from === WEAK && r.source === 'camera');
          expect(got?.audioFrames ?? 0, `${report.name} hears the weak point`).toBeGreaterThan(500);
          expect(Math.abs((got?.audioHz ?? 0) - ownTone), 'its own tone').toBeLessThan(30);
        }
      } finally {
        for (const s of speakers) s.child.kill('SIGINT');
        await Promise.all(speakers.map((s) => s.report.catch(() => undefined)));
        await host.shape('downlink', null);
      }
    },
    150_000,
  );
});
