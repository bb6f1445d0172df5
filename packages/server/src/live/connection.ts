// One client's signalling session: parses and validates every frame, dispatches it to the room,
// and answers with the result or an error message. A bad frame never reaches the room.
import { AppError, parseClientMessage, toAppError } from '@diemcau/protocol';
import type { ClientMessage, IceServer, MessageOf, QualitySample, ServerMessage } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { AuthContext } from '../auth/context.js';
import type { AdmissionPolicy, Identity } from './admission.js';
import type { PresentationTickets } from '../presentation/ticket.js';
import type { LiveHub } from './hub.js';
import { TokenBucket } from './rate-limit.js';
import type { ClientSink, LiveRoom } from './room.js';

/** The transport under a connection (a WebSocket in production, a fake in tests). */
export interface Transport {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/**
 * Hooks for monitoring (the metrics module implements them); the live layer knows nothing of what
 * listens. Every hook is optional and must not throw.
 */
export interface SignallingObserver {
  /** A connection was created (+1) or closed (-1). */
  connections?(delta: 1 | -1): void;
  /** One frame was handled: its type (`invalid` when it did not parse) and the handling time. */
  frameHandled?(type: ClientMessage['type'] | 'invalid', seconds: number): void;
  /** A participant's quality sample was accepted. */
  qualityReported?(sample: QualitySample): void;
}

/** A client's quality reports count at most once per this interval. */
export const QUALITY_MIN_INTERVAL_MS = 2_000;

export interface ConnectionOptions {
  hub: LiveHub;
  /** Decides who may enter which meeting, and as whom. */
  admission: AdmissionPolicy;
  /** Who opened the socket (session cookie on the upgrade request), or anonymous. */
  auth: AuthContext;
  /** ICE servers for this participant (TURN credentials are issued per connection). */
  iceServers: (identity: Identity) => IceServer[];
  log: Logger;
  /** Messages per second a client may send on average, and its burst. */
  rate?: { perSecond: number; burst: number };
  observer?: SignallingObserver;
  /** Monotonic milliseconds (tests move it); performance.now() by default. */
  now?: () => number;
  /** Mints presented-PDF tickets (presentation/ticket.ts); without it `present.ticket` is refused. */
  presentTickets?: Pick<PresentationTickets, 'mint'>;
}

type State =
  | { kind: 'idle' }
  | { kind: 'joining' }
  | { kind: 'lobby'; room: LiveRoom; lobbyId: string }
  | { kind: 'joined'; room: LiveRoom; participantId: string }
  | { kind: 'closed' };

/** After this many refused frames in a row the client is disconnected. */
const MAX_STRIKES = 50;

export class Connection {
  #state: State = { kind: 'idle' };
  #strikes = 0;
  #queue: Promise<void> = Promise.resolve();
  #lastQualityAt = -Infinity;
  readonly #bucket: TokenBucket;
  readonly #now: () => number;

  constructor(
    private readonly transport: Transport,
    private readonly options: ConnectionOptions,
  ) {
    const rate = options.rate ?? { perSecond: 40, burst: 200 };
    this.#bucket = new TokenBucket(rate.perSecond, rate.burst);
    this.#now = options.now ?? (() => performance.now());
    options.observer?.connections?.(1);
  }

  get participantId(): string | null {
    return this.#state.kind === 'joined' ? this.#state.participantId : null;
  }

  /**
   * Takes one frame. Frames of one client are handled strictly in order (a trickle that follows a
   * publish must reach Janus after it). Never throws; errors go back as `error` messages.
   * Resolves when this frame has been handled.
   */
  receive(raw: string | Uint8Array): Promise<void> {
    if (this.#state.kind === 'closed') return Promise.resolve();
    if (!this.#bucket.take()) {
      this.#refuse({ type: 'error', code: 'rate_limited', message: 'too many messages' });
      return Promise.resolve();
    }
    const next = this.#queue
      .then(() => this.#handle(raw))
      .catch((err: unknown) => this.options.log.error({ err }, 'signalling frame handling failed'));
    this.#queue = next;
    return next;
  }

  async #handle(raw: string | Uint8Array): Promise<void> {
    if (this.#state.kind === 'closed') return;
    const started = this.#now();
    let type: ClientMessage['type'] | 'invalid' = 'invalid';
    try {
      type = await this.#handleFrame(raw);
    } finally {
      this.options.observer?.frameHandled?.(type, (this.#now() - started) / 1000);
    }
  }

  /** Handles one frame and says what type it was. */
  async #handleFrame(raw: string | Uint8Array): Promise<ClientMessage['type'] | 'invalid'> {
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      const rid = extractRid(raw);
      const msg: ServerMessage = { type: 'error', code: 'bad_message', message: parsed.message };
      if (parsed.field !== undefined) msg.field = parsed.field;
      if (rid !== undefined) msg.rid = rid;
      this.#refuse(msg);
      return 'invalid';
    }
    this.#strikes = 0;
    const message = parsed.value;
    try {
      await this.#dispatch(message);
    } catch (err) {
      const e = toAppError(err);
      if (e.code === 'internal') this.options.log.error({ err }, `handling ${message.type} failed`);
      const reply: ServerMessage = { type: 'error', code: e.code, message: e.message };
      if (e.field !== undefined) reply.field = e.field;
      if ('rid' in message) reply.rid = message.rid;
      this.#send(reply);
    }
    return message.type;
  }

  /** The socket closed: leave the meeting (or the lobby). */
  async closed(): Promise<void> {
    const state = this.#state;
    if (state.kind === 'closed') return;
    this.#state = { kind: 'closed' };
    this.options.observer?.connections?.(-1);
    if (state.kind === 'joined') await state.room.leave(state.participantId, 'disconnected');
    if (state.kind === 'lobby') state.room.leaveLobby(state.lobbyId);
  }

  async #dispatch(msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case 'join':
        return this.#join(msg);
      case 'ping':
        return this.#send({ type: 'pong', rid: msg.rid });
      case 'publish': {
        const { room, participantId } = this.#joined();
        const sdp = msg.restart
          ? await room.restartPublisher(participantId, msg.source, msg.sdp)
          : await room.publish(participantId, msg.source, msg.sdp, msg.audio, msg.video);
        return this.#send({ type: 'publish.answer', rid: msg.rid, source: msg.source, sdp });
      }
      case 'subscribe.restart': {
        const { room, participantId } = this.#joined();
        return room.restartSubscription(participantId, msg.fresh === true);
      }
      case 'unpublish': {
        const { room, participantId } = this.#joined();
        await room.unpublish(participantId, msg.source);
        return this.#send({ type: 'ack', rid: msg.rid });
      }
      case 'subscribe.answer': {
        const { room, participantId } = this.#joined();
        return room.answerSubscription(participantId, msg.version, msg.sdp);
      }
      case 'subscribe.quality': {
        const { room, participantId } = this.#joined();
        return room.setQuality(participantId, msg.participantId, msg.substream);
      }
      case 'trickle': {
        const { room, participantId } = this.#joined();
        if (msg.target === 'mix') return room.mixed.trickle(participantId, msg.candidate);
        return room.trickle(participantId, msg.target, msg.candidate);
      }
      case 'media.state': {
        const { room, participantId } = this.#joined();
        return room.setMediaState(participantId, msg.audioMuted, msg.videoMuted);
      }
      case 'quality.report':
        return this.#reportQuality(msg.sample);
      case 'view.layout': {
        const { room, participantId } = this.#joined();
        return room.setLayout(participantId, msg.tiles, msg.audioOnly);
      }
      case 'receive.preference': {
        const { room, participantId } = this.#joined();
        return room.mixed.prefer(participantId, msg.mixedAudio);
      }
      case 'mix.join': {
        const { room, participantId } = this.#joined();
        const sdp = await room.mixed.join(participantId, msg.sdp, msg.restart === true);
        return this.#send({ type: 'mix.answer', rid: msg.rid, sdp });
      }
      case 'mix.leave': {
        const { room, participantId } = this.#joined();
        await room.mixed.leave(participantId);
        return this.#send({ type: 'ack', rid: msg.rid });
      }
      case 'recording.start':
      case 'recording.stop': {
        const { room, participantId } = this.#joined();
        await room.setRecording(participantId, msg.type === 'recording.start');
        return this.#send({ type: 'ack', rid: msg.rid });
      }
      case 'lobby.admit':
      case 'lobby.reject': {
        const { room, participantId } = this.#joined();
        room.decideLobby(participantId, msg.participantId, msg.type === 'lobby.admit');
        return this.#send({ type: 'ack', rid: msg.rid });
      }
      case 'act': {
        // NOTE: acknowledged only once the action is in the database (see conduct/session.ts).
        const { room, participantId } = this.#joined();
        await room.act(participantId, msg.action);
        return this.#send({ type: 'ack', rid: msg.rid });
      }
      case 'present.pointer': {
        const { room, participantId } = this.#joined();
        return room.pointer(participantId, msg.pointer);
      }
      case 'present.ticket':
        return this.#presentTicket(msg.rid);
      case 'leave': {
        const state = this.#state;
        if (state.kind !== 'joined') return;
        this.#state = { kind: 'idle' };
        await state.room.leave(state.participantId, 'left');
        return;
      }
    }
  }

  async #join(msg: MessageOf<ClientMessage, 'join'>): Promise<void> {
    if (this.#state.kind !== 'idle')
      throw new AppError('already_joined', 'this connection already joined a meeting');
    this.#state = { kind: 'joining' };
    try {
      const room = await this.options.hub.room(msg.meetingId);
      const admission = await this.options.admission.admit({
        meetingId: msg.meetingId,
        auth: this.options.auth,
        token: msg.token,
        deviceToken: msg.deviceToken,
        passcode: msg.passcode,
        name: msg.name,
        bridgePoint: msg.bridgePoint ?? null,
      });
      if (this.#state.kind !== 'joining') return; // the socket closed meanwhile
      if (admission.kind === 'refuse') throw admission.error;
      // A locked meeting: whoever does not moderate waits in the lobby (and may still be admitted).
      const waits = admission.kind === 'lobby' || (room.locked && !admission.identity.moderator);
      if (!waits) return this.#enter(room, admission.identity, msg.rid);
      const lobbyId = room.enterLobby(admission.identity, this.#sink(), (admitted, id) => {
        if (this.#state.kind !== 'lobby' || this.#state.lobbyId !== id) return;
        this.#state = { kind: 'joining' };
        if (admitted) {
          this.#enter(room, admission.identity, msg.rid, id);
          return;
        }
        this.#state = { kind: 'idle' };
        this.#send({
          type: 'error',
          rid: msg.rid,
          code: 'forbidden',
          message: 'the chair did not admit you',
        });
        this.transport.close(4003, 'not admitted');
      });
      this.#state = { kind: 'lobby', room, lobbyId };
      this.#send({ type: 'lobby.waiting', rid: msg.rid });
    } catch (err) {
      if (this.#state.kind === 'joining') this.#state = { kind: 'idle' };
      throw err;
    }
  }

  #enter(room: LiveRoom, identity: Identity, rid: string, id?: string): void {
    const self = room.join(identity, this.#sink(), id);
    this.#state = { kind: 'joined', room, participantId: self.id };
    this.#send({
      type: 'joined',
      rid,
      self,
      meeting: room.meeting,
      participants: room.participants().filter((p) => p.id !== self.id),
      activeSpeakerId: room.activeSpeakerId,
      iceServers: this.options.iceServers(identity),
    });
    // A newcomer must see at once that the meeting is being recorded (indicator, consent notice).
    const recording = room.recordingState();
    if (recording.recording) this.#send({ type: 'recording.state', ...recording });
    // The meeting's conduct as this client may see it; live.event messages follow.
    const live = room.liveSnapshot(self.id);
    if (live) this.#send({ type: 'live.snapshot', state: live });
  }

  /**
   * A ticket URL of the PDF presented now, for this admitted participant only (the lobby is not
   * joined). NOTE: the presentation as this participant sees it, so what they get is what they follow.
   */
  async #presentTicket(rid: string): Promise<void> {
    const { room, participantId } = this.#joined();
    const p = room.liveSnapshot(participantId)?.presentation ?? null;
    const tickets = this.options.presentTickets;
    if (!p || !tickets) throw new AppError('wrong_state', 'no document is being presented');
    const subject = { meetingId: room.meeting.id, documentId: p.documentId, versionId: p.versionId };
    const minted = await tickets.mint(subject, participantId);
    this.#send({ type: 'present.ticket', rid, url: minted.url, expiresAt: minted.expiresAt });
  }

  /** Keeps the latest sample on the participant; a client reporting too often is refused. */
  #reportQuality(sample: QualitySample): void {
    const { room, participantId } = this.#joined();
    const now = this.#now();
    if (now - this.#lastQualityAt < QUALITY_MIN_INTERVAL_MS)
      throw new AppError('rate_limited', 'one quality report per 2 s is enough');
    this.#lastQualityAt = now;
    room.reportQuality(participantId, sample, now);
    this.options.observer?.qualityReported?.(sample);
  }

  #sink(): ClientSink {
    return {
      send: (m) => this.#send(m),
      close: (code, reason) => {
        this.transport.close(code, reason);
        void this.closed();
      },
    };
  }

  #joined(): { room: LiveRoom; participantId: string } {
    if (this.#state.kind !== 'joined') throw AppError.notJoined();
    return this.#state;
  }

  #refuse(msg: ServerMessage): void {
    this.#send(msg);
    if (++this.#strikes >= MAX_STRIKES) {
      this.transport.close(1008, 'too many invalid messages');
      void this.closed();
    }
  }

  #send(msg: ServerMessage): void {
    if (this.#state.kind === 'closed') return;
    this.transport.send(JSON.stringify(msg));
  }
}

/** Best effort: the rid of a frame that failed validation, so the client can match the error. */
function extractRid(raw: string | Uint8Array): string | undefined {
  try {
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw);
    const value: unknown = JSON.parse(text);
    if (
      value &&
      typeof value === 'object' &&
      'rid' in value &&
      typeof value.rid === 'string' &&
      value.rid.length <= 64
    ) {
      return value.rid;
    }
  } catch {
    // not JSON: no rid to echo
  }
  return undefined;
}
