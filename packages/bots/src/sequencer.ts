// Applies subscribe offers strictly one after another, in version order: a renegotiation must
// not start before the previous one has been answered, and an old or repeated version is dropped.

export interface Versioned {
  version: number;
}

export class OfferSequencer<O extends Versioned> {
  private highest = -1;
  private chain: Promise<void> = Promise.resolve();
  private generation = 0;

  /**
   * @param apply handles one offer; the next waits until it settles
   * @param onError called when `apply` rejects (the queue goes on)
   * @param onDrop called for an offer whose version is not above every version seen before
   */
  constructor(
    private readonly apply: (offer: O) => Promise<void>,
    private readonly onError: (err: unknown, offer: O) => void,
    private readonly onDrop: (offer: O) => void = () => undefined,
  ) {}

  /** Queues an offer; returns false when it was dropped as stale. */
  push(offer: O): boolean {
    if (offer.version <= this.highest) {
      this.onDrop(offer);
      return false;
    }
    this.highest = offer.version;
    const generation = this.generation;
    this.chain = this.chain.then(async () => {
      if (generation !== this.generation) return; // a reset happened while this one waited
      try {
        await this.apply(offer);
      } catch (err) {
        this.onError(err, offer);
      }
    });
    return true;
  }

  /** Forgets versions (the server starts over after a media reset) and cancels queued offers. */
  reset(): void {
    this.highest = -1;
    this.generation += 1;
  }

  /** Resolves when everything queued so far has been handled. */
  idle(): Promise<void> {
    return this.chain;
  }
}
