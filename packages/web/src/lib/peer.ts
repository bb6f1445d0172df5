// One RTCPeerConnection with its trickle plumbing: local candidates wait behind a gate until the
// server knows about this connection, remote candidates wait until the remote description is set.
import type { IceCandidate, PeerTarget } from '@diemcau/protocol';
import { isLoopbackCandidate, toWireCandidate } from './sdp';

/** Which local candidates may leave the browser: all, or loopback only (tests on one machine). */
export type IcePolicy = 'all' | 'loopback';

export interface PeerOptions {
  target: PeerTarget;
  pc: RTCPeerConnection;
  icePolicy: IcePolicy;
  /** Sends one local candidate (null = end of candidates) to the server. */
  sendCandidate: (target: PeerTarget, candidate: IceCandidate | null) => void;
  onConnectionState?: (state: RTCPeerConnectionState) => void;
}

export class Peer {
  readonly target: PeerTarget;
  readonly pc: RTCPeerConnection;
  readonly #policy: IcePolicy;
  readonly #send: PeerOptions['sendCandidate'];
  #gateOpen = false;
  #closed = false;
  readonly #outgoing: (IceCandidate | null)[] = [];
  readonly #incoming: (IceCandidate | null)[] = [];

  constructor(options: PeerOptions) {
    this.target = options.target;
    this.pc = options.pc;
    this.#policy = options.icePolicy;
    this.#send = options.sendCandidate;
    this.pc.onicecandidate = (ev) => {
      if (!ev.candidate || ev.candidate.candidate === '') this.#queueOut(null);
      else if (this.allows(ev.candidate.candidate)) this.#queueOut(toWireCandidate(ev.candidate));
    };
    this.pc.onconnectionstatechange = () => options.onConnectionState?.(this.pc.connectionState);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Whether the ICE policy lets this candidate leave the browser. */
  allows(candidate: string): boolean {
    return this.#policy === 'all' || isLoopbackCandidate(candidate);
  }

  /** The server now knows this connection: send the candidates held back so far. */
  openGate(): void {
    if (this.#gateOpen || this.#closed) return;
    this.#gateOpen = true;
    for (const c of this.#outgoing.splice(0)) this.#send(this.target, c);
  }

  /** A candidate from the server; applied once the remote description is set. */
  addRemoteCandidate(candidate: IceCandidate | null): void {
    if (this.#closed) return;
    if (!this.pc.remoteDescription) {
      this.#incoming.push(candidate);
      return;
    }
    this.#apply(candidate);
  }

  /** Call after setRemoteDescription: applies remote candidates that arrived early. */
  flushRemoteCandidates(): void {
    for (const c of this.#incoming.splice(0)) this.#apply(c);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.pc.onicecandidate = null;
    this.pc.onconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.close();
  }

  #queueOut(candidate: IceCandidate | null): void {
    if (this.#closed) return;
    if (this.#gateOpen) this.#send(this.target, candidate);
    else this.#outgoing.push(candidate);
  }

  #apply(candidate: IceCandidate | null): void {
    // NOTE: the end-of-candidates marker is not passed on: browsers disagree on its shape and
    // ICE completes without it (Janus sends it when its gathering is done).
    if (candidate === null) return;
    const init: RTCIceCandidateInit = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? null,
      sdpMLineIndex: candidate.sdpMLineIndex ?? (candidate.sdpMid == null ? 0 : null),
    };
    this.pc.addIceCandidate(init).catch((err: unknown) => {
      console.warn(`[diemcau] ${this.target}: addIceCandidate failed`, err);
    });
  }
}

let warmedUp = false;

/**
 * Starts the browser's WebRTC engine early (once per page): one throwaway connection makes an
 * offer and closes. NOTE: Chromium builds its peer-connection factory and codec lists on the first
 * RTCPeerConnection, partly on the main thread; done on the join page it no longer delays the first
 * subscribe answer after joining.
 */
export function warmUpWebRtc(): void {
  if (warmedUp || typeof RTCPeerConnection === 'undefined') return;
  warmedUp = true;
  try {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.createOffer()
      .catch(() => undefined)
      .finally(() => pc.close());
  } catch (err) {
    console.warn('[diemcau] WebRTC warm-up', err);
  }
}
