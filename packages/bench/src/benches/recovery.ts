// recovery: how long a live meeting of six publishing bridge points is without video after a
// crash. Alternately the signalling server is killed (SIGKILL) and started again on the same data
// (the bots rejoin in place; the new server ends the Janus the dead one left), then Janus alone is
// killed (the server restarts it; media.reset). Each time: from the kill until every bot receives
// every other one's video again.
import { BotGroup, loadWrtc } from '@diemcau/bots';
import { startServerChild } from '../lib/server-child.js';
import { percentile } from '../lib/stats.js';
import { metric, sleep } from './types.js';
import type { Bench } from './types.js';

const POINTS = [
  'Hội trường UBND phường',
  'Văn phòng Đảng ủy phường',
  'Khu phố 1',
  'Khu phố 2',
  'Khu phố 3',
  'Khu phố 4',
];
/** Low video rates: six encoders and thirty decoders share the machine with the server. */
const VIDEO_KBPS = 150;
const RECOVERY_TIMEOUT_MS = 60_000;

export const recoveryBench: Bench = {
  name: 'recovery',
  async run(ctx) {
    // NOTE: quick runs do one of each to keep `npm run bench -- --quick` under 3 minutes.
    const rounds = ctx.quick ? 1 : 10;
    const wrtc = await loadWrtc();
    const server = await startServerChild({ janus: true, env: { TURN_ENABLED: '0' } });
    const janusMs: number[] = [];
    const serverMs: number[] = [];
    const serverUpMs: number[] = [];
    let group: BotGroup | undefined;
    try {
      const links = POINTS.map((name) => server.link(name, name));
      group = await BotGroup.start({ links, videoKbps: VIDEO_KBPS, wrtc }, 45_000);
      for (let i = 0; i < rounds; i++) {
        // NOTE: the server restart comes first, so that every Janus kill is the first crash of a
        // fresh Janus supervisor (a second crash within 30 s waits out a growing backoff).
        let killedAt = performance.now();
        await server.kill9();
        await server.restart();
        serverUpMs.push(performance.now() - killedAt);
        serverMs.push((await group.waitAllSeeAll(killedAt, RECOVERY_TIMEOUT_MS)) - killedAt);
        ctx.log(`round ${i + 1}/${rounds}: server back, media in ${Math.round(serverMs.at(-1) ?? 0)} ms`);
        await sleep(500);
        const janus = server.janusPid();
        if (janus === null) throw new Error('no Janus under the server');
        killedAt = performance.now();
        process.kill(janus, 'SIGKILL');
        janusMs.push((await group.waitAllSeeAll(killedAt, RECOVERY_TIMEOUT_MS)) - killedAt);
        ctx.log(`round ${i + 1}/${rounds}: Janus back, media in ${Math.round(janusMs.at(-1) ?? 0)} ms`);
        await sleep(500);
      }
    } finally {
      await group?.stop();
      await server.stop();
    }
    return {
      metrics: {
        'janusKill.p50': metric(percentile(janusMs, 50), 'ms', 'lower'),
        'janusKill.worst': metric(Math.max(...janusMs), 'ms', 'lower'),
        'serverKill.p50': metric(percentile(serverMs, 50), 'ms', 'lower'),
        'serverKill.worst': metric(Math.max(...serverMs), 'ms', 'lower'),
        'serverKill.upP50': metric(percentile(serverUpMs, 50), 'ms', 'lower'),
        rounds: metric(rounds, 'kills each'),
      },
      limits:
        'six wrtc bots (all publishing 150 kbit/s, each decoding five) run in the bench process on the ' +
        'same machine as the server and Janus; loopback network. A server restart includes starting ' +
        'Node, migrating SQLite, killing the orphaned Janus and starting a new one; the bots retry ' +
        'their signalling with a backoff of 0.2–2 s. A Janus kill includes the supervisor’s 250 ms ' +
        'restart delay, Janus start, recreating the room and every publish and subscribe.',
      notes: [
        'from SIGKILL until every bot has decoded a frame from every other bot after its own media reset or rejoin',
      ],
      detail: { janusMs: janusMs.map(Math.round), serverMs: serverMs.map(Math.round) },
    };
  },
};
