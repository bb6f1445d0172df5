// Integration test with real media: two bots and a toy wrtc SFU in one process, inside a fresh
// network namespace so that every packet stays on `lo` (wrtc binds every interface it sees).
import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Bot } from './bot.js';
import { MiniSfu } from './mini-sfu.test-helper.js';
import { toneFrequency } from './synthetic.js';
import { loadWrtc } from './wrtc.js';

const onlyLoopback = Object.keys(networkInterfaces()).every((name) => name === 'lo');
const inNamespace = process.env.DIEMCAU_BOTS_NETNS === '1';

describe.runIf(inNamespace && onlyLoopback)('bots through a toy SFU (inside the namespace)', () => {
  it('each bot receives the other: frames, label code, tone level and pitch', async () => {
    const wrtc = await loadWrtc();
    const sfu = await new MiniSfu(wrtc).start();
    try {
      const names = ['Phường Bến Nghé', 'Phường 2'];
      const bots = names.map((name) => new Bot({ link: sfu.server.link('m', name), seconds: 8, wrtc }));
      const reports = await Promise.all(bots.map((bot) => bot.run()));
      console.log(JSON.stringify(reports, null, 1));
      for (const [i, report] of reports.entries()) {
        const other = names[1 - i] ?? '';
        expect(report.fatal).toBeNull();
        expect(report.received).toHaveLength(1);
        const [got] = report.received;
        expect(got?.from).toBe(other);
        expect(got?.decodedLabel).toBe(other);
        expect(got?.videoFrames).toBeGreaterThan(40);
        expect((got?.matchingFrames ?? 0) / (got?.videoFrames ?? 1)).toBeGreaterThan(0.95);
        expect(got?.audioRms).toBeGreaterThan(0.15);
        expect(got?.audioRms).toBeLessThan(0.28);
        expect(Math.abs((got?.audioHz ?? 0) - toneFrequency(other))).toBeLessThan(15);
        expect(report.firstRemoteFrameMs).not.toBeNull();
        expect(report.selectedPairs.publisher).toMatch(/^127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+$/);
      }
    } finally {
      await sfu.close();
    }
  });
});

describe.runIf(!inNamespace)('bots through a toy SFU', () => {
  it('passes when re-run inside a fresh network namespace (needs root and unshare)', () => {
    const file = fileURLToPath(import.meta.url);
    const inner = `ip link set lo up && exec npx vitest run --project integration ${JSON.stringify(file)}`;
    const result = spawnSync('unshare', ['--net', '--', 'sh', '-c', inner], {
      env: { ...process.env, DIEMCAU_BOTS_NETNS: '1' },
      encoding: 'utf8',
      timeout: 110_000,
    });
    if (result.status !== 0) console.error(result.stdout, result.stderr);
    expect(result.stdout).toMatch(/1 passed/);
    expect(result.status).toBe(0);
  });
});
