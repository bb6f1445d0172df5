// Unit tests of subscribe-offer ordering: strictly serial, in version order, stale ones dropped.
import { describe, expect, it } from 'vitest';
import { OfferSequencer } from './sequencer.js';

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('OfferSequencer', () => {
  it('applies offers one at a time, in order, even when an earlier one is slow', async () => {
    const log: string[] = [];
    let running = 0;
    const sequencer = new OfferSequencer<{ version: number }>(
      async (offer) => {
        running += 1;
        expect(running).toBe(1);
        log.push(`start ${offer.version}`);
        await tick(offer.version === 1 ? 30 : 1);
        log.push(`end ${offer.version}`);
        running -= 1;
      },
      (err) => {
        throw err;
      },
    );
    sequencer.push({ version: 1 });
    sequencer.push({ version: 2 });
    sequencer.push({ version: 3 });
    await sequencer.idle();
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('drops repeated and older versions', async () => {
    const applied: number[] = [];
    const dropped: number[] = [];
    const sequencer = new OfferSequencer<{ version: number }>(
      (offer) => {
        applied.push(offer.version);
        return Promise.resolve();
      },
      () => undefined,
      (offer) => dropped.push(offer.version),
    );
    expect(sequencer.push({ version: 2 })).toBe(true);
    expect(sequencer.push({ version: 2 })).toBe(false);
    expect(sequencer.push({ version: 1 })).toBe(false);
    expect(sequencer.push({ version: 5 })).toBe(true);
    await sequencer.idle();
    expect(applied).toEqual([2, 5]);
    expect(dropped).toEqual([2, 1]);
  });

  it('goes on after a failed offer and reports it', async () => {
    const applied: number[] = [];
    const failed: number[] = [];
    const sequencer = new OfferSequencer<{ version: number }>(
      (offer) => {
        if (offer.version === 1) return Promise.reject(new Error('bad sdp'));
        applied.push(offer.version);
        return Promise.resolve();
      },
      (_err, offer) => failed.push(offer.version),
    );
    sequencer.push({ version: 1 });
    sequencer.push({ version: 2 });
    await sequencer.idle();
    expect(failed).toEqual([1]);
    expect(applied).toEqual([2]);
  });

  it('after a reset, cancels queued offers and accepts versions from 0 again', async () => {
    const applied: number[] = [];
    const sequencer = new OfferSequencer<{ version: number }>(
      async (offer) => {
        await tick(10);
        applied.push(offer.version);
      },
      () => undefined,
    );
    sequencer.push({ version: 7 });
    sequencer.push({ version: 8 });
    await tick(2);
    sequencer.reset();
    sequencer.push({ version: 0 });
    await sequencer.idle();
    expect(applied).toEqual([7, 0]);
  });
});
