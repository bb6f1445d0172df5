// Typed facade over @roamhq/wrtc: only the parts the bot uses. The package's own typings lean on
// DOM globals that a Node build (lib ES2023, no DOM) does not have, so we describe the API here.

export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp: string;
}

export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface WrtcTrack {
  readonly id: string;
  readonly kind: 'audio' | 'video';
  readonly readyState: 'live' | 'ended';
  enabled: boolean;
  stop(): void;
  addEventListener(type: 'ended' | 'mute' | 'unmute', listener: () => void): void;
}

export interface WrtcStream {
  readonly id: string;
}

export interface WrtcReceiver {
  readonly track: WrtcTrack;
}

export interface WrtcSender {
  readonly track: WrtcTrack | null;
}

export interface WrtcTransceiver {
  readonly mid: string | null;
  readonly receiver: WrtcReceiver;
  readonly sender: WrtcSender;
  readonly stopped?: boolean;
  readonly currentDirection: string | null;
  direction: string;
}

export interface TrackEvent {
  readonly track: WrtcTrack;
  readonly transceiver: WrtcTransceiver;
  readonly streams: WrtcStream[];
}

export interface IceCandidateEvent {
  readonly candidate: IceCandidateInit | null;
}

/** One entry of getStats(); only the fields we read. */
export interface StatsEntry {
  id: string;
  type: string;
  [field: string]: unknown;
}

export interface StatsReport {
  forEach(callback: (entry: StatsEntry) => void): void;
}

export interface WrtcPeerConnection {
  readonly connectionState: string;
  readonly iceConnectionState: string;
  readonly signalingState: string;
  readonly remoteDescription: SessionDescription | null;
  ontrack: ((event: TrackEvent) => void) | null;
  onicecandidate: ((event: IceCandidateEvent) => void) | null;
  onconnectionstatechange: (() => void) | null;
  addTransceiver(
    trackOrKind: WrtcTrack | 'audio' | 'video',
    init?: { direction?: 'sendonly' | 'recvonly' | 'sendrecv' | 'inactive'; streams?: WrtcStream[] },
  ): WrtcTransceiver;
  getTransceivers(): WrtcTransceiver[];
  createOffer(): Promise<SessionDescription>;
  createAnswer(): Promise<SessionDescription>;
  setLocalDescription(description: SessionDescription): Promise<void>;
  setRemoteDescription(description: SessionDescription): Promise<void>;
  addIceCandidate(candidate: IceCandidateInit): Promise<void>;
  getStats(): Promise<StatsReport>;
  close(): void;
}

/** An I420 frame: Y plane, then U, then V (each chroma plane a quarter of Y). */
export interface I420Frame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface AudioData {
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample?: number;
  channelCount?: number;
  numberOfFrames?: number;
}

export interface WrtcVideoSource {
  createTrack(): WrtcTrack;
  onFrame(frame: I420Frame): void;
}

export interface WrtcAudioSource {
  createTrack(): WrtcTrack;
  onData(data: AudioData): void;
}

export interface WrtcVideoSink {
  onframe: ((event: { frame: I420Frame }) => void) | null;
  stop(): void;
  readonly stopped: boolean;
}

export interface WrtcAudioSink {
  ondata: ((event: AudioData) => void) | null;
  stop(): void;
  readonly stopped: boolean;
}

/** The whole module as the bot sees it. */
export interface Wrtc {
  RTCPeerConnection: new (config: {
    iceServers: IceServerConfig[];
    /** 'relay': gather and use TURN relay candidates only. */
    iceTransportPolicy?: 'all' | 'relay';
  }) => WrtcPeerConnection;
  MediaStream: new (tracks?: WrtcTrack[]) => WrtcStream;
  nonstandard: {
    RTCVideoSource: new () => WrtcVideoSource;
    RTCAudioSource: new () => WrtcAudioSource;
    RTCVideoSink: new (track: WrtcTrack) => WrtcVideoSink;
    RTCAudioSink: new (track: WrtcTrack) => WrtcAudioSink;
  };
}

/** The sink-making half of wrtc, so the receiver can be tested with fakes. */
export type SinkFactory = Pick<Wrtc['nonstandard'], 'RTCVideoSink' | 'RTCAudioSink'>;

let loaded: Promise<Wrtc> | undefined;

/** Loads the native module once (it takes ~100 ms and a few MB). */
export function loadWrtc(): Promise<Wrtc> {
  // NOTE: the cast goes through unknown because the package's typings describe DOM globals.
  loaded ??= import('@roamhq/wrtc').then((mod) => (mod as unknown as { default: Wrtc }).default);
  return loaded;
}
