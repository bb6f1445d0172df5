// A toy SFU for integration tests: speaks our signalling protocol and forwards every published
// wrtc track to every other participant through one renegotiated subscriber connection each.
import type { ClientMessage, Participant, SubscribedStream } from '@diemcau/protocol';
import {
  FakeSignallingServer,
  joinedFor,
  participant,
  type FakeConnection,
} from './fake-server.test-helper.js';
import { isLoopbackCandidate } from './sdp.js';
import type { Wrtc, WrtcPeerConnection, WrtcTrack } from './wrtc.js';

interface Member {
  self: Participant;
  connection: FakeConnection;
  publisher: WrtcPeerConnection | null;
  subscriber: WrtcPeerConnection | null;
  streams: SubscribedStream[];
  version: number;
  chain: Promise<void>;
  answered: (() => void) | null;
  tracks: WrtcTrack[];
}

export class MiniSfu {
  private readonly members = new Map<FakeConnection, Member>();
  private nextId = 1;
  server!: FakeSignallingServer;

  constructor(private readonly wrtc: Wrtc) {}

  async start(): Promise<this> {
    this.server = await FakeSignallingServer.start((message, connection) =>
      this.onMessage(message, connection),
    );
    return this;
  }

  async close(): Promise<void> {
    for (const member of this.members.values()) {
      member.publisher?.close();
      member.subscriber?.close();
    }
    await this.server.close();
  }

  private newPeer(member: Member, target: 'camera' | 'subscriber'): WrtcPeerConnection {
    const pc = new this.wrtc.RTCPeerConnection({ iceServers: [] });
    pc.onicecandidate = ({ candidate }) => {
      if (candidate && !isLoopbackCandidate(candidate.candidate)) return;
      member.connection.send({ type: 'trickle', target, candidate });
    };
    return pc;
  }

  private onMessage(message: ClientMessage, connection: FakeConnection): void {
    const member = this.members.get(connection);
    switch (message.type) {
      case 'join': {
        const joined = joinedFor(
          message,
          [...this.members.values()].map((m) => m.self),
        );
        if (joined.type !== 'joined') return;
        const self = participant(`p${this.nextId++}`, message.name);
        const created: Member = {
          self,
          connection,
          publisher: null,
          subscriber: null,
          streams: [],
          version: 0,
          chain: Promise.resolve(),
          answered: null,
          tracks: [],
        };
        for (const other of this.members.values())
          other.connection.send({ type: 'participant.joined', participant: self });
        this.members.set(connection, created);
        connection.send({ ...joined, self, iceServers: [] });
        for (const other of this.members.values()) {
          if (other !== created && other.tracks.length === 2)
            this.forward(created, other.self.id, other.tracks);
        }
        return;
      }
      case 'publish':
        if (member) void this.publish(member, message.rid, message.sdp);
        return;
      case 'subscribe.answer':
        if (member?.subscriber && message.version === member.version) {
          void member.subscriber.setRemoteDescription({ type: 'answer', sdp: message.sdp }).then(() => {
            member.answered?.();
          });
        }
        return;
      case 'trickle': {
        const pc = message.target === 'subscriber' ? member?.subscriber : member?.publisher;
        if (pc && message.candidate) void pc.addIceCandidate(message.candidate);
        return;
      }
      case 'leave':
        if (member) this.leave(member);
        return;
      default:
        return;
    }
  }

  private async publish(member: Member, rid: string, sdp: string): Promise<void> {
    const pc = this.newPeer(member, 'camera');
    member.publisher = pc;
    const tracks = member.tracks;
    pc.ontrack = ({ track }) => {
      tracks.push(track);
      if (tracks.length === 2) {
        for (const other of this.members.values())
          if (other !== member) this.forward(other, member.self.id, tracks);
      }
    };
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    member.connection.send({ type: 'publish.answer', rid, source: 'camera', sdp: answer.sdp });
  }

  /** Adds a publisher's tracks to a subscriber's connection and renegotiates, one at a time. */
  private forward(member: Member, participantId: string, tracks: WrtcTrack[]): void {
    member.chain = member.chain.then(async () => {
      member.subscriber ??= this.newPeer(member, 'subscriber');
      const pc = member.subscriber;
      const added = tracks.map((track) => ({
        track,
        transceiver: pc.addTransceiver(track, { direction: 'sendonly' }),
      }));
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      for (const { track, transceiver } of added) {
        member.streams.push({
          mid: transceiver.mid ?? '',
          participantId,
          source: 'camera',
          kind: track.kind,
        });
      }
      member.version += 1;
      const answered = new Promise<void>((resolve) => (member.answered = resolve));
      member.connection.send({
        type: 'subscribe.offer',
        version: member.version,
        sdp: offer.sdp,
        streams: member.streams,
      });
      await answered;
    });
  }

  private leave(member: Member): void {
    this.members.delete(member.connection);
    member.publisher?.close();
    member.subscriber?.close();
    for (const other of this.members.values()) {
      other.connection.send({ type: 'participant.left', participantId: member.self.id, reason: 'left' });
    }
  }
}
