// The bot's two media connections: the camera publisher, and the one subscriber connection that
// receives everyone else (answering the server's offers), with their ICE candidates (loopback only).
import {
  simulcastEncodings,
  type MessageOf,
  type PeerTarget,
  type ServerMessage,
  type SubscribedStream,
} from '@diemcau/protocol';
import { codeOf, messageOf } from './errors.js';
import type { Receiver } from './receiver.js';
import type { BotReport } from './report.js';
import { capVideoBitrate, isLoopbackCandidate, scrubSdp } from './sdp.js';
import type { SignallingClient } from './signalling.js';
import type { SyntheticSources } from './source.js';
import { VIDEO_HEIGHT, VIDEO_WIDTH } from './synthetic.js';
import type { IceCandidateInit, IceServerConfig, Wrtc, WrtcPeerConnection } from './wrtc.js';

/** Simulcast layers as the web app sends them for a camera of the bots' size (two: 640 and 320). */
const BOT_SIMULCAST = simulcastEncodings(VIDEO_WIDTH, VIDEO_HEIGHT);

export type SubscribeOffer = MessageOf<ServerMessage, 'subscribe.offer'>;

/** What the peers take from their bot; getters because the bot replaces these on a rejoin. */
export interface BotPeersDeps {
  /** The loaded wrtc module (throws while it is not loaded). */
  wrtc(): Wrtc;
  signalling(): SignallingClient | undefined;
  receiver(): Receiver | undefined;
  /** The ICE servers of the latest join. */
  iceServers(): IceServerConfig[];
  /** Streams of a participant who left are not bound again. */
  hasLeft(participantId: string): boolean;
  elapsed(): number;
  recordError(code: string, message: string): void;
  /** The camera's publish was answered. */
  onPublished(): void;
  /** A subscribe offer was answered and its streams bound. */
  onSubscribed(version: number, streams: SubscribedStream[]): void;
  /** The report whose media fields the peers fill in (candidates, answeredMs, lastOfferVersion). */
  report: BotReport;
  relayOnly: boolean;
  simulcast: boolean;
  /** Video bitrate cap in kbit/s, applied with `b=AS` to both SDPs of the publisher. */
  videoKbps: number;
  requestTimeoutMs: number | undefined;
}

/** The publisher and subscriber connections of one bot, from a join to the next media reset. */
export class BotPeers {
  private publisherPc: WrtcPeerConnection | null = null;
  private subscriberPc: WrtcPeerConnection | null = null;
  private streams = new Map<string, SubscribedStream>();
  private readonly pendingRemote = new Map<PeerTarget, IceCandidateInit[]>();
  private readonly pendingLocal = new Map<PeerTarget, (IceCandidateInit | null)[] | 'open'>();

  constructor(private readonly deps: BotPeersDeps) {}

  get publisher(): WrtcPeerConnection | null {
    return this.publisherPc;
  }

  get subscriber(): WrtcPeerConnection | null {
    return this.subscriberPc;
  }

  /** The streams of the latest subscribe offer, by mid. */
  get streamsByMid(): ReadonlyMap<string, SubscribedStream> {
    return this.streams;
  }

  /** Closes both connections and forgets their streams and candidates (media reset, end of run). */
  close(): void {
    for (const pc of [this.publisherPc, this.subscriberPc]) pc?.close();
    this.publisherPc = null;
    this.subscriberPc = null;
    this.streams = new Map();
    this.pendingLocal.clear();
    this.pendingRemote.clear();
  }

  // ---- publishing -----------------------------------------------------------------------------

  /** Publishes the camera on a new publisher connection; failures become report errors. */
  async publish(sources: SyntheticSources): Promise<void> {
    const wrtc = this.deps.wrtc();
    const signalling = this.deps.signalling();
    if (!signalling) return;
    const pc = this.newPeer('camera');
    this.publisherPc = pc;
    try {
      const { audio, video } = sources.createTracks();
      const stream = new wrtc.MediaStream([audio, video]);
      pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
      pc.addTransceiver(video, {
        direction: 'sendonly',
        streams: [stream],
        ...(this.deps.simulcast ? { sendEncodings: BOT_SIMULCAST } : {}),
      });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const sdp = capVideoBitrate(scrubSdp(offer.sdp), this.deps.videoKbps);
      const rid = signalling.nextRid('publish');
      const answering = signalling.request(
        { type: 'publish', rid, source: 'camera', sdp, audio: true, video: true },
        'publish.answer',
        this.deps.requestTimeoutMs,
      );
      this.openLocalCandidates('camera');
      const answer = await answering;
      if (pc !== this.publisherPc) return; // a media reset replaced it meanwhile
      const remote = capVideoBitrate(scrubSdp(answer.sdp), this.deps.videoKbps);
      await pc.setRemoteDescription({ type: 'answer', sdp: remote });
      this.flushRemoteCandidates('camera', pc);
      const published = this.deps.report.published;
      if (published) published.answeredMs = this.deps.elapsed();
      this.deps.onPublished();
    } catch (err) {
      if (pc === this.publisherPc)
        this.deps.recordError(codeOf(err, 'publish_failed'), `publish: ${messageOf(err)}`);
    }
  }

  // ---- subscribing ----------------------------------------------------------------------------

  /** Answers one subscribe offer (the sequencer calls this in order, one at a time). */
  async applyOffer(offer: SubscribeOffer): Promise<void> {
    const signalling = this.deps.signalling();
    if (!signalling) return;
    let pc = this.subscriberPc;
    if (!pc) {
      pc = this.newPeer('subscriber');
      pc.ontrack = (event) => {
        const mid = event.transceiver.mid;
        if (mid !== null) this.bindMid(mid, event.track);
      };
      this.subscriberPc = pc;
    }
    this.streams = new Map(offer.streams.map((s) => [s.mid, s]));
    // NOTE: remote SDPs are scrubbed too, so only loopback candidates are ever checked.
    await pc.setRemoteDescription({ type: 'offer', sdp: scrubSdp(offer.sdp) });
    this.flushRemoteCandidates('subscriber', pc);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (pc !== this.subscriberPc) return;
    signalling.send({ type: 'subscribe.answer', version: offer.version, sdp: scrubSdp(answer.sdp) });
    this.openLocalCandidates('subscriber');
    this.deps.report.lastOfferVersion = offer.version;
    this.reconcile(pc);
    this.deps.onSubscribed(offer.version, offer.streams);
  }

  private bindMid(mid: string, track: Parameters<Receiver['bind']>[1]): void {
    const stream = this.streams.get(mid);
    const receiver = this.deps.receiver();
    if (!stream || !receiver || this.deps.hasLeft(stream.participantId)) return;
    if (stream.kind !== track.kind) {
      this.deps.recordError('stream_mismatch', `mid ${mid} is ${track.kind}, signalling says ${stream.kind}`);
      return;
    }
    receiver.bind(mid, track, {
      participantId: stream.participantId,
      source: stream.source,
      kind: stream.kind,
    });
  }

  /** After an answer: bind every receiving transceiver the offer describes; drop the rest. */
  private reconcile(pc: WrtcPeerConnection): void {
    const receiver = this.deps.receiver();
    if (!receiver) return;
    const live = new Set<string>();
    for (const transceiver of pc.getTransceivers()) {
      const mid = transceiver.mid;
      const receiving =
        transceiver.currentDirection === 'recvonly' || transceiver.currentDirection === 'sendrecv';
      if (mid === null || !receiving || transceiver.stopped || !this.streams.has(mid)) continue;
      live.add(mid);
      this.bindMid(mid, transceiver.receiver.track);
    }
    for (const mid of receiver.boundMids()) if (!live.has(mid)) receiver.unbind(mid);
  }

  // ---- ICE ------------------------------------------------------------------------------------

  private newPeer(target: PeerTarget): WrtcPeerConnection {
    const pc = new (this.deps.wrtc().RTCPeerConnection)({
      iceServers: this.deps.iceServers(),
      iceTransportPolicy: this.deps.relayOnly ? 'relay' : 'all',
    });
    this.pendingLocal.set(target, []);
    this.pendingRemote.set(target, []);
    pc.onicecandidate = (event) => {
      if (pc !== this.peerFor(target)) return;
      const candidate = event.candidate;
      if (candidate && !isLoopbackCandidate(candidate.candidate)) {
        this.deps.report.candidates.dropped += 1;
        return;
      }
      const pending = this.pendingLocal.get(target);
      if (Array.isArray(pending)) pending.push(candidate);
      else this.sendCandidate(target, candidate);
    };
    return pc;
  }

  private peerFor(target: PeerTarget): WrtcPeerConnection | null {
    return target === 'subscriber' ? this.subscriberPc : target === 'camera' ? this.publisherPc : null;
  }

  /** Local candidates wait until the offer or answer they belong to has been sent. */
  private openLocalCandidates(target: PeerTarget): void {
    const pending = this.pendingLocal.get(target);
    this.pendingLocal.set(target, 'open');
    if (Array.isArray(pending)) for (const candidate of pending) this.sendCandidate(target, candidate);
  }

  private sendCandidate(target: PeerTarget, candidate: IceCandidateInit | null): void {
    if (candidate) this.deps.report.candidates.sent += 1;
    this.deps.signalling()?.send({
      type: 'trickle',
      target,
      candidate: candidate && {
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid ?? null,
        sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      },
    });
  }

  /** A `trickle` from the server: added now, or once the connection has its remote description. */
  onRemoteCandidate(target: PeerTarget, candidate: IceCandidateInit | null): void {
    if (candidate === null) return; // end of candidates: nothing to do for wrtc
    if (!isLoopbackCandidate(candidate.candidate)) {
      this.deps.report.candidates.remoteDropped += 1;
      return;
    }
    const pc = this.peerFor(target);
    if (!pc?.remoteDescription) {
      this.pendingRemote.get(target)?.push(candidate);
      return;
    }
    pc.addIceCandidate(candidate).catch((err: unknown) =>
      this.deps.recordError('ice_failed', messageOf(err)),
    );
  }

  private flushRemoteCandidates(target: PeerTarget, pc: WrtcPeerConnection): void {
    const pending = this.pendingRemote.get(target) ?? [];
    this.pendingRemote.set(target, []);
    for (const candidate of pending) {
      pc.addIceCandidate(candidate).catch((err: unknown) =>
        this.deps.recordError('ice_failed', messageOf(err)),
      );
    }
  }
}
