// The call's types and browser seams: what the browser gives (RtcEnv), the local media, the events
// a Call emits and the options it takes (re-exported by call.ts, where callers import them from).
import {
  simulcastEncodings,
  type LeaveReason,
  type MediaSource,
  type ServerMessage,
} from '@diemcau/protocol';
import type { NetworkState } from './call-network';
import type { RemoteMedia } from './remote-media';
import type { ConnectionState, SignallingClient } from './signalling-client';
import type { IcePolicy } from './peer';

/**
 * Simulcast layers of a 1280×720 camera, highest first (Janus substream 2 = h, 1 = m, 0 = l). A
 * smaller camera gets fewer (`simulcastEncodings`), so that substream 0 is always the cheap one.
 */
export const SIMULCAST_ENCODINGS: RTCRtpEncodingParameters[] = simulcastEncodings(1280, 720);

/** Errors after which joining again cannot help. */
export const FATAL_JOIN_CODES = new Set([
  'meeting_not_found',
  'meeting_full',
  'validation_failed',
  'bad_message',
  'forbidden',
  'unauthorized',
]);

/** What the browser gives us; replaced by fakes in unit tests. */
export interface RtcEnv {
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection;
  createStream(tracks: MediaStreamTrack[]): MediaStream;
  getDisplayMedia(): Promise<MediaStream>;
  videoCodecs(): RTCRtpCodec[] | null;
}

export const browserRtc: RtcEnv = {
  createPeerConnection: (config) => new RTCPeerConnection(config),
  createStream: (tracks) => new MediaStream(tracks),
  getDisplayMedia: () =>
    navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false }),
  videoCodecs: () =>
    typeof RTCRtpSender !== 'undefined' ? (RTCRtpSender.getCapabilities('video')?.codecs ?? null) : null,
};

/** The local side as the UI shows it. */
export interface LocalMedia {
  /** Microphone and camera (one stream); null when no device could be opened. */
  camera: MediaStream | null;
  screen: MediaStream | null;
  audioMuted: boolean;
  videoMuted: boolean;
}

export type PublisherState = 'connecting' | 'connected' | 'failed' | 'closed';

export interface CallEvents extends Record<string, unknown> {
  connection: ConnectionState;
  /** Every server message, for the room reducer. */
  message: ServerMessage;
  remote: RemoteMedia[];
  local: LocalMedia;
  publisher: { source: MediaSource; state: PublisherState };
  /** The call is over (left, removed, meeting ended). */
  ended: { reason: LeaveReason };
  /** Joining failed for good. */
  failure: { code: string; message: string };
  /** Something went wrong but the call goes on (publish failed, server error…). */
  notice: { code: string; message: string };
  /** Receive mode, connection quality levels, audio-only choice, reconnect attempt. */
  network: NetworkState;
}

export type SignallingPort = Pick<
  SignallingClient,
  'on' | 'connect' | 'close' | 'send' | 'request' | 'state'
> &
  Partial<Pick<SignallingClient, 'reconnectNow'>>;

export interface CallOptions {
  signalling: SignallingPort;
  meetingId: string;
  name: string;
  bridgePoint: string | null;
  token?: string | undefined;
  /** A paired kiosk's device token (`/kiosk` joins with `kiosk=1`). */
  deviceToken?: string | undefined;
  /** A guest's meeting passcode. */
  passcode?: string | undefined;
  local: LocalMedia;
  rtc?: RtcEnv;
  icePolicy?: IcePolicy;
  simulcast?: boolean;
  /** How long the very first join may take before the call fails (default 20 s). */
  firstJoinTimeoutMs?: number;
  /** Start in audio-only mode (the person's remembered choice). */
  audioOnly?: boolean;
  /** Ask for "Âm thanh gộp" (mixed audio) from the start (remembered per device). */
  mixedAudio?: boolean;
  /** Where `online` events come from (the window; none in unit tests). */
  onlineEvents?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
}

export type Substream = 0 | 1 | 2;
