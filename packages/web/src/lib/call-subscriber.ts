// The call's subscriber side: answers the server's subscribe offers on the one subscriber
// connection, maps its tracks to remote participants and asks for each remote camera's layer.
import type { ClientMessage, ServerMessage, SubscribedStream } from '@diemcau/protocol';
import type { Substream } from './call-types';
import type { Peer } from './peer';
import { activeMids, groupTracks, RemoteStreamCache, type RemoteMedia } from './remote-media';
import { collectStats, type ParticipantStats } from './stats';

type SubscribeOffer = Extract<ServerMessage, { type: 'subscribe.offer' }>;

/** What the subscriber side needs from its call (the connection itself stays in the call's set). */
export interface SubscriberHost {
  /** The media generation now: work begun under an older one stops. */
  media(): number;
  ended(): boolean;
  /** Joined with signalling open: quality requests may go out. */
  online(): boolean;
  send(msg: ClientMessage): boolean;
  /** The current subscriber connection, if any. */
  peer(): Peer | undefined;
  /** Opens a new subscriber connection. */
  openPeer(): Peer;
  /** The local description to send, its candidates filtered by the ICE policy. */
  outgoingSdp(peer: Peer, fallback: string): string;
  createStream(tracks: MediaStreamTrack[]): MediaStream;
  onRemote(remote: RemoteMedia[]): void;
  onNotice(notice: { code: string; message: string }): void;
}

export class Subscriber {
  readonly #host: SubscriberHost;
  readonly #cache: RemoteStreamCache;
  #streams: SubscribedStream[] = [];
  #active = new Set<string>();
  #lastVersion = -1;
  #queue: Promise<void> = Promise.resolve();
  /** Offers taken but not yet answered (0: the next one starts synchronously). */
  #busy = 0;
  #sentQuality = new Map<string, Substream>();
  #wantedQuality = new Map<string, Substream>();

  constructor(host: SubscriberHost) {
    this.#host = host;
    this.#cache = new RemoteStreamCache((tracks) => host.createStream(tracks));
  }

  /**
   * Answers a subscribe offer at once. NOTE: the subscriber path shares nothing with publishing
   * (no queue, no await on the camera): seeing the meeting must not wait for our own publish.
   * Offers are answered one at a time, in order; an idle queue starts the answer synchronously.
   */
  onOffer(msg: SubscribeOffer): void {
    const media = this.#host.media();
    const run = (): Promise<void> =>
      this.#answer(msg, media).catch((err: unknown) => {
        console.warn('[diemcau] subscribe failed', err);
        this.#host.onNotice({ code: 'subscribe_failed', message: String(err) });
      });
    const turn = this.#busy ? this.#queue.then(run) : run();
    this.#busy++;
    this.#queue = turn.finally(() => this.#busy--);
  }

  /** The simulcast layer wanted per remote camera; only changes reach the server. */
  setQualities(wanted: ReadonlyMap<string, Substream>): void {
    this.#wantedQuality = new Map(wanted);
    this.#sendQualities();
  }

  /** A new session or media server: the layers asked for so far must be asked for again. */
  forgetSentQualities(): void {
    this.#sentQuality.clear();
  }

  participantLeft(participantId: string): void {
    this.#sentQuality.delete(participantId);
  }

  /** Inbound media statistics per remote participant. */
  async stats(): Promise<Record<string, ParticipantStats>> {
    const sub = this.#host.peer();
    if (!sub || sub.closed) return {};
    return collectStats(sub.pc.getTransceivers(), this.#streams, this.#active);
  }

  /** The connection is gone: forget its streams and report no remote media. */
  clear(): void {
    this.#streams = [];
    this.#active = new Set();
    this.#cache.clear();
    this.#refreshRemote();
  }

  /** A new session or media generation: as `clear`, and any offer version is taken again. */
  reset(): void {
    this.#lastVersion = -1;
    this.clear();
  }

  async #answer(msg: SubscribeOffer, media: number): Promise<void> {
    const host = this.#host;
    if (media !== host.media() || host.ended() || msg.version < this.#lastVersion) return;
    let peer = host.peer();
    if (!peer || peer.closed) {
      peer = host.openPeer();
      peer.pc.ontrack = () => this.#refreshRemote();
    }
    await peer.pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
    if (media !== host.media() || peer.closed) return;
    this.#streams = msg.streams;
    this.#active = activeMids(msg.sdp);
    this.#lastVersion = msg.version;
    peer.flushRemoteCandidates();
    const answer = await peer.pc.createAnswer();
    await peer.pc.setLocalDescription(answer);
    if (media !== host.media() || peer.closed) return;
    host.send({
      type: 'subscribe.answer',
      version: msg.version,
      sdp: host.outgoingSdp(peer, answer.sdp ?? ''),
    });
    peer.openGate();
    this.#refreshRemote();
    this.#sendQualities();
  }

  #refreshRemote(): void {
    const sub = this.#host.peer();
    const received =
      sub && !sub.closed
        ? sub.pc.getTransceivers().map((t) => ({ mid: t.mid, track: t.receiver.track }))
        : [];
    const built = this.#cache.build(groupTracks(received, this.#streams, this.#active));
    this.#host.onRemote(
      [...built].map(([participantId, s]) => ({
        participantId,
        camera: s.camera,
        audio: s.audio,
        screen: s.screen,
      })),
    );
  }

  #sendQualities(): void {
    if (!this.#host.online()) return;
    const cameras = new Set(
      this.#streams.filter((s) => s.kind === 'video' && s.source === 'camera').map((s) => s.participantId),
    );
    for (const [participantId, substream] of this.#wantedQuality) {
      if (!cameras.has(participantId) || this.#sentQuality.get(participantId) === substream) continue;
      if (this.#host.send({ type: 'subscribe.quality', participantId, substream })) {
        this.#sentQuality.set(participantId, substream);
      }
    }
  }
}
