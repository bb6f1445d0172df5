// The call's publishing side: one sendonly connection per source (camera, screen) offered to the
// server with `publish`, camera video in simulcast layers, and ICE restarts by offering again.
import type { MediaSource } from '@diemcau/protocol';
import { simulcastEncodings } from '@diemcau/protocol';
import { pauseVideoEncodings } from './call-network';
import type { CallEvents, RtcEnv, SignallingPort } from './call-types';
import type { Peer } from './peer';
import { orderCodecs } from './sdp';
import { SignallingError } from './signalling-client';

/** What publishing needs from its call (the connections themselves stay in the call's set). */
export interface PublishHost {
  readonly rtc: RtcEnv;
  readonly sig: SignallingPort;
  /** Camera video in simulcast layers (off only when the options say so). */
  readonly simulcast: boolean;
  /** The media generation now: work begun under an older one stops. */
  media(): number;
  /** The local stream of a source, if there is one. */
  stream(source: MediaSource): MediaStream | null;
  audioOnly(): boolean;
  /** Opens a new connection for the source. */
  openPeer(source: MediaSource): Peer;
  closePeer(source: MediaSource): void;
  /** The local description to send, its candidates filtered by the ICE policy. */
  outgoingSdp(peer: Peer, fallback: string): string;
  /** Publishes from scratch on a new connection (when an ICE restart could not help). */
  startOver(source: MediaSource): void;
  emit<K extends 'publisher' | 'notice'>(event: K, payload: CallEvents[K]): void;
}

/** Publishes a source on a new connection (replacing the old one); failures become notices. */
export async function publish(host: PublishHost, source: MediaSource, media: number): Promise<void> {
  const stream = host.stream(source);
  const audio = source === 'camera' ? stream?.getAudioTracks()[0] : undefined;
  const video = stream?.getVideoTracks()[0];
  if (!stream || (!audio && !video) || media !== host.media()) return;
  host.closePeer(source);
  const peer = host.openPeer(source);
  const pc = peer.pc;
  host.emit('publisher', { source, state: 'connecting' });
  try {
    if (audio) pc.addTransceiver(audio, { direction: 'sendonly', streams: [stream] });
    if (video) addVideo(host.rtc, pc, video, stream, source === 'camera' && host.simulcast);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const sdp = host.outgoingSdp(peer, offer.sdp ?? '');
    const reply = await host.sig.request({ type: 'publish', source, sdp, audio: !!audio, video: !!video });
    if (media !== host.media() || peer.closed) return;
    await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    peer.flushRemoteCandidates();
    peer.openGate();
    // The camera connection is this peer (it is open): audio only pauses its video encodings.
    if (source === 'camera' && host.audioOnly()) void pauseVideoEncodings(pc, true);
  } catch (err) {
    if (media !== host.media() || peer.closed) return;
    host.closePeer(source);
    host.emit('publisher', { source, state: 'failed' });
    const code = err instanceof SignallingError ? err.code : 'publish_failed';
    if (code === 'disconnected') return;
    host.emit('notice', { code: 'publish_failed', message: `${source}: ${String(err)}` });
  }
}

/**
 * Restarts a publisher's ICE on the same connection: a new offer with fresh ICE credentials
 * (`publish` with `restart`), which Janus answers on the same handle.
 */
export async function restartPublisher(host: PublishHost, peer: Peer, source: MediaSource): Promise<void> {
  const media = host.media();
  try {
    const offer = await peer.pc.createOffer({ iceRestart: true });
    await peer.pc.setLocalDescription(offer);
    const stream = host.stream(source);
    const reply = await host.sig.request({
      type: 'publish',
      source,
      sdp: host.outgoingSdp(peer, offer.sdp ?? ''),
      audio: source === 'camera' && (stream?.getAudioTracks().length ?? 0) > 0,
      video: (stream?.getVideoTracks().length ?? 0) > 0,
      restart: true,
    });
    if (media !== host.media() || peer.closed) return;
    await peer.pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
    peer.flushRemoteCandidates();
  } catch (err) {
    if (media !== host.media() || peer.closed) return;
    const code = err instanceof SignallingError ? err.code : 'ice_restart_failed';
    if (code === 'disconnected') return; // the rejoin publishes afresh
    // NOTE: the server no longer has this feed (or Janus refused): publish from scratch.
    console.warn(`[diemcau] ICE restart of ${source} failed; publishing again`, err);
    host.startOver(source);
  }
}

/**
 * Adds the video track: rid simulcast where the browser takes it (three layers from 960×540, two
 * below, see simulcastEncodings), else one encoding.
 */
function addVideo(
  rtc: RtcEnv,
  pc: RTCPeerConnection,
  track: MediaStreamTrack,
  stream: MediaStream,
  simulcast: boolean,
): void {
  const init: RTCRtpTransceiverInit = { direction: 'sendonly', streams: [stream] };
  let transceiver: RTCRtpTransceiver;
  const { width = 1280, height = 720 } = track.getSettings?.() ?? {};
  const encodings = simulcast ? simulcastEncodings(width, height) : [];
  try {
    transceiver = pc.addTransceiver(
      track,
      encodings.length > 0 ? { ...init, sendEncodings: encodings } : init,
    );
  } catch (err) {
    console.warn('[diemcau] simulcast refused, sending one encoding', err);
    transceiver = pc.addTransceiver(track, init);
  }
  const codecs = rtc.videoCodecs();
  if (codecs && typeof transceiver.setCodecPreferences === 'function') {
    try {
      // NOTE: VP8 first: Janus rooms use it and it simulcasts everywhere.
      transceiver.setCodecPreferences(orderCodecs(codecs, ['video/VP8']));
    } catch (err) {
      console.warn('[diemcau] setCodecPreferences', err);
    }
  }
}
