// Bots of one meeting watched together, to time a recovery: after Janus or the signalling server
// was killed, how long until every bot sees every other one's video again.
import { Bot, type BotOptions } from './bot.js';
import type { RemoteStats } from './receiver.js';
import type { BotReport } from './report.js';
import { labelCode } from './synthetic.js';

export interface BotGroupOptions extends Omit<BotOptions, 'link' | 'seconds'> {
  /** One join link per bot (its name comes from the link). */
  links: string[];
  /** How long the bots stay at most (default 600 s; `stop()` ends them earlier). */
  seconds?: number;
}

/** Milliseconds on this process's `performance.now()` clock. */
type Instant = number;

export class BotGroup {
  readonly bots: Bot[];
  readonly #runs: Promise<BotReport>[];
  /** Per bot: when (its own clock, ms) its media was last torn down (media.reset or a rejoin). */
  readonly #resetAt: number[];
  /** The latest errors any bot recorded (for the message of a timeout). */
  readonly #errors: string[] = [];

  private constructor(bots: Bot[]) {
    this.bots = bots;
    this.#resetAt = bots.map(() => 0);
    bots.forEach((bot, i) => {
      const mark = (): void => {
        this.#resetAt[i] = bot.elapsed();
      };
      bot.on('mediaReset', mark);
      bot.on('signallingDrop', mark);
      bot.on('error', (e) => {
        this.#errors.push(`${bot.name}: ${e.code} ${e.message}`);
        if (this.#errors.length > 10) this.#errors.shift();
      });
    });
    this.#runs = bots.map((bot) => bot.run());
    // A run that rejects (refused join) is reported by stop(); never leave it unhandled.
    for (const run of this.#runs) run.catch(() => undefined);
  }

  /** Starts every bot (all publish); resolves once each sees all the others' video. */
  static async start(options: BotGroupOptions, timeoutMs = 30_000): Promise<BotGroup> {
    const { links, seconds, ...rest } = options;
    const group = new BotGroup(links.map((link) => new Bot({ ...rest, link, seconds: seconds ?? 600 })));
    try {
      await group.waitAllSeeAll(performance.now(), timeoutMs, false);
    } catch (err) {
      await group.stop();
      throw err;
    }
    return group;
  }

  /**
   * Resolves with the instant at which every bot had received a video frame from each of the
   * others after `since` — with `afterReset`, after its own media reset or rejoin, which must have
   * happened after `since`. NOTE: that keeps frames still in a decoder when Janus or the server
   * died from counting as a recovery. Polls every 20 ms; rejects after `timeoutMs`.
   */
  async waitAllSeeAll(since: Instant, timeoutMs: number, afterReset = true): Promise<Instant> {
    const sinceOwn = this.bots.map((bot) => bot.elapsed() - (performance.now() - since));
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const missing = this.#missing(sinceOwn, afterReset);
      if (missing.length === 0) return performance.now();
      if (performance.now() > deadline) {
        const errors = this.#errors.length ? `; bot errors: ${this.#errors.join(' | ')}` : '';
        throw new Error(`no video after ${timeoutMs} ms: ${missing.slice(0, 6).join('; ')}${errors}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** `receiver ← sender` pairs still without a fresh frame. */
  #missing(sinceOwn: number[], afterReset: boolean): string[] {
    const out: string[] = [];
    this.bots.forEach((bot, i) => {
      const since = sinceOwn[i] ?? 0;
      const reset = this.#resetAt[i] ?? 0;
      if (afterReset && reset <= since) {
        out.push(`${bot.name}: no media reset or rejoin yet`);
        return;
      }
      const after = afterReset ? reset : since;
      const got = bot.received();
      for (const other of this.bots) {
        if (other === bot) continue;
        const fresh = got.some(
          (s) => sentBy(s, other.name) && s.source === 'camera' && (s.lastVideoFrameMs ?? -1) > after,
        );
        if (!fresh) out.push(`${bot.name} ← ${other.name}`);
      }
    });
    return out;
  }

  /** Stops every bot; resolves with their reports (null for a bot whose run failed). */
  async stop(): Promise<(BotReport | null)[]> {
    for (const bot of this.bots) bot.stop();
    return Promise.all(this.#runs.map((run) => run.catch(() => null)));
  }
}

/**
 * Whether a received stream shows the video of the bot named `name`: read from the label code in
 * its pixels, since the server may name participants after their invitation rather than the bot
 * (benchmarks share one invitation). An unknown code reads as `#<hex>`.
 */
function sentBy(stats: RemoteStats, name: string): boolean {
  const code = `#${labelCode(name).toString(16).padStart(8, '0')}`;
  return stats.decodedLabel === name || stats.decodedLabel === code;
}
