// Gauges read at scrape time from the LiveHub: live rooms, participants, published streams and
// the clients' current quality. The Janus nodes have their own collectors (janus-collector.ts).
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { QualitySample } from '@diemcau/protocol';
import type { LiveHub } from '../live/hub.js';

/** Every metric name starts with this. */
export const PREFIX = 'diemcau_';

/** A quality sample older than this (three report intervals) no longer describes the client. */
export const QUALITY_FRESH_MS = 15_000;

/** Quality levels: poor at ≥ 5 % loss or ≥ 400 ms RTT, good under 1 % and 150 ms, fair between. */
export function qualityLevel(s: QualitySample): 'good' | 'fair' | 'poor' {
  const rtt = s.rttMs ?? 0;
  if (s.lossPct >= 5 || rtt >= 400) return 'poor';
  if (s.lossPct < 1 && rtt < 150) return 'good';
  return 'fair';
}

export function registerLiveCollectors(registry: Registry, hub: LiveHub, now: () => number): void {
  const registers = [registry];
  new Gauge({
    name: `${PREFIX}live_rooms`,
    help: 'Meetings live now (with people in them, or closing after the last left).',
    registers,
    collect() {
      this.set(hub.stats().rooms);
    },
  });
  new Gauge({
    name: `${PREFIX}live_participants`,
    help: 'Participants in live meetings.',
    registers,
    collect() {
      this.set(hub.stats().participants);
    },
  });
  new Gauge({
    name: `${PREFIX}live_lobby_waiting`,
    help: 'Guests waiting in a lobby for a moderator.',
    registers,
    collect() {
      this.set(hub.liveRooms().reduce((n, r) => n + r.lobbySize(), 0));
    },
  });
  new Gauge({
    name: `${PREFIX}published_streams`,
    help: 'Feeds published to the media server, by source (camera, screen).',
    labelNames: ['source'],
    registers,
    collect() {
      let camera = 0;
      let screen = 0;
      for (const room of hub.liveRooms())
        for (const p of room.participants()) {
          if (p.publishing.camera) camera++;
          if (p.publishing.screen) screen++;
        }
      this.set({ source: 'camera' }, camera);
      this.set({ source: 'screen' }, screen);
    },
  });
  registerQualityGauges(registers, hub, now);
}

/** Current quality over the participants whose latest sample is fresh. */
function registerQualityGauges(registers: Registry[], hub: LiveHub, now: () => number): void {
  const fresh = (): QualitySample[] => {
    const t = now();
    return hub
      .liveRooms()
      .flatMap((r) => r.qualitySamples())
      .filter((q) => t - q.atMs <= QUALITY_FRESH_MS)
      .map((q) => q.sample);
  };
  new Gauge({
    name: `${PREFIX}quality_participants`,
    help: 'Participants with a fresh quality report, by level (poor: loss >= 5 % or RTT >= 400 ms; good: loss < 1 % and RTT < 150 ms).',
    labelNames: ['level'],
    registers,
    collect() {
      const counts = { good: 0, fair: 0, poor: 0 };
      for (const s of fresh()) counts[qualityLevel(s)]++;
      for (const [level, n] of Object.entries(counts)) this.set({ level }, n);
    },
  });
  new Gauge({
    name: `${PREFIX}quality_reported_kbps`,
    help: 'Sum of the bitrates participants report now, kbit/s (send: from clients; recv: to clients).',
    labelNames: ['direction'],
    registers,
    collect() {
      let send = 0;
      let recv = 0;
      for (const s of fresh()) {
        send += s.sendKbps;
        recv += s.recvKbps;
      }
      this.set({ direction: 'send' }, send);
      this.set({ direction: 'recv' }, recv);
    },
  });
  new Gauge({
    name: `${PREFIX}quality_worst_loss_percent`,
    help: 'The highest inbound packet loss any participant reports now, percent.',
    registers,
    collect() {
      this.set(fresh().reduce((worst, s) => Math.max(worst, s.lossPct), 0));
    },
  });
}
