// Mock call for design and QA only (opened with ?mock=1 and labelled on screen): fake bridge
// points of the demo ward with animated canvas video, a rotating speaker and an optional share;
// `lobby` makes us a waiting guest, `moderator` makes us the chair with guests waiting.
import {
  applyLiveEvent,
  type Actor,
  type LiveAction,
  type LiveState,
  type MeetingInfo,
  type Participant,
  type ParticipantRole,
  type ServerMessage,
} from '@diemcau/protocol';
import type { CallEvents, LocalMedia } from './call';
import { initialNetwork, reduceNetwork, type NetworkState } from './call-network';
import { SignallingError } from './signalling-client';
import { Emitter } from './emitter';
import { mockDecide, mockLiveState } from './mock-live';
import type { RemoteMedia } from './remote-media';
import type { ParticipantStats } from './stats';

interface Demo {
  name: string;
  bridgePoint: string | null;
  role?: ParticipantRole;
  audioMuted?: boolean;
  videoMuted?: boolean;
}

const DEMO: Demo[] = [
  { name: 'Trần Minh Đức', bridgePoint: 'Hội trường UBND phường', role: 'chair' },
  { name: 'Lê Thị Hồng', bridgePoint: 'Văn phòng Đảng ủy phường', role: 'secretary' },
  { name: 'Phạm Văn Bình', bridgePoint: 'Văn phòng khu phố 1', audioMuted: true },
  { name: 'Võ Thị Thu', bridgePoint: 'Văn phòng khu phố 2', videoMuted: true },
  { name: 'Đặng Quốc Hưng', bridgePoint: 'Văn phòng khu phố 3' },
  { name: 'Nguyễn Thị Mai', bridgePoint: null, role: 'guest' },
  { name: 'Huỳnh Văn Lợi', bridgePoint: 'Văn phòng khu phố 4' },
  { name: 'Bùi Thị Ngọc', bridgePoint: 'Văn phòng khu phố 5', audioMuted: true },
  { name: 'Đỗ Văn Tâm', bridgePoint: 'Văn phòng khu phố 6' },
];

/** Keys that match the mock meeting's bridge points (lib/mock-live.ts), so spotlight works. */
function mockActorKey(d: Demo, i: number): string {
  if (!d.bridgePoint) return `guest:p${i + 1}`;
  if (d.bridgePoint === 'Hội trường UBND phường') return 'point:bp_hoi_truong';
  const kp = /khu phố (\d)$/.exec(d.bridgePoint);
  return kp ? `point:bp_kp${kp[1]}` : `point:mock_${i + 1}`;
}

interface Painter {
  canvas: HTMLCanvasElement;
  draw: (tick: number) => void;
}

function cameraPainter(label: string, hue: number, layer: () => number): Painter {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d');
  const draw = (tick: number): void => {
    if (!g) return;
    const grad = g.createLinearGradient(0, 0, 0, 360);
    grad.addColorStop(0, `hsl(${hue} 28% 34%)`);
    grad.addColorStop(1, `hsl(${hue} 30% 18%)`);
    g.fillStyle = grad;
    g.fillRect(0, 0, 640, 360);
    g.fillStyle = '#8f1d21';
    g.fillRect(80, 34, 480, 54);
    g.fillStyle = '#f1c75b';
    g.font = 'bold 22px "Noto Sans", sans-serif';
    g.textAlign = 'center';
    g.fillText(label.toLocaleUpperCase('vi'), 320, 70);
    // a seated figure that breathes a little, so frames change
    const bob = Math.sin(tick / 6) * 3;
    g.fillStyle = `hsl(${hue} 20% 78%)`;
    g.beginPath();
    g.arc(320, 180 + bob, 38, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = `hsl(${(hue + 180) % 360} 25% 40%)`;
    g.beginPath();
    g.ellipse(320, 292 + bob, 92, 70, 0, Math.PI, 0);
    g.fill();
    g.fillStyle = '#4a3524';
    g.fillRect(0, 300, 640, 60);
    g.fillStyle = 'rgba(255,255,255,0.6)';
    g.font = '14px "Noto Sans", sans-serif';
    g.textAlign = 'right';
    g.fillText(`mock · layer ${layer()}`, 628, 348);
  };
  return { canvas, draw };
}

function slidePainter(): Painter {
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  const g = canvas.getContext('2d');
  const bars = [62, 78, 71, 90];
  const draw = (tick: number): void => {
    if (!g) return;
    g.fillStyle = '#fbfaf7';
    g.fillRect(0, 0, 1280, 720);
    g.fillStyle = '#8f1d21';
    g.fillRect(0, 0, 1280, 110);
    g.fillStyle = '#fff';
    g.font = 'bold 40px "Noto Sans", sans-serif';
    g.textAlign = 'left';
    g.fillText('BÁO CÁO TÌNH HÌNH KINH TẾ – XÃ HỘI QUÝ IV/2025', 60, 70);
    g.fillStyle = '#1d2430';
    g.font = '30px "Noto Sans", sans-serif';
    [
      '• Thu ngân sách đạt 94% kế hoạch năm',
      '• Chỉnh trang 12 tuyến hẻm tại khu phố 2, 4, 6',
      '• Tổ chức 18 buổi tập huấn chuyển đổi số',
    ].forEach((line, i) => g.fillText(line, 70, 200 + i * 64));
    bars.forEach((h, i) => {
      const height = (h + Math.sin((tick + i * 5) / 10) * 2) * 3.2;
      g.fillStyle = i === 3 ? '#c9972c' : '#6b7a90';
      g.fillRect(760 + i * 110, 640 - height, 70, height);
      g.fillStyle = '#1d2430';
      g.font = '24px "Noto Sans", sans-serif';
      g.fillText(`Q${i + 1}`, 772 + i * 110, 680);
    });
  };
  return { canvas, draw };
}

const GUESTS = [
  { id: 'g1', name: 'Trần Văn Bình', bridgePoint: 'Tổ dân phố 7', agoMs: 130_000 },
  { id: 'g2', name: 'Phóng viên Báo Thanh Niên', bridgePoint: null, agoMs: 20_000 },
];

export interface MockOptions {
  count: number;
  share: boolean;
  /** We are the chair (a moderator) and guests wait in the lobby. */
  moderator?: boolean;
  /** We are a guest: wait in the lobby for ever, or be admitted / refused after a moment. */
  lobby?: 'wait' | 'admit' | 'reject' | null;
}

/** A CallHandle that fakes a meeting. Never connects anywhere. */
export class MockCall extends Emitter<CallEvents> {
  #local: LocalMedia;
  readonly #meeting: MeetingInfo;
  readonly #count: number;
  readonly #share: boolean;
  readonly #moderator: boolean;
  readonly #lobbyMode: MockOptions['lobby'];
  #waiting: { id: string; name: string; bridgePoint: string | null; since: string }[] = [];
  #participants: Participant[] = [];
  #self: Participant | null = null;
  #painters = new Map<string, Painter>();
  #layers = new Map<string, number>();
  #timers: ReturnType<typeof setInterval>[] = [];
  #tick = 0;
  #live: LiveState | null = null;
  #network: NetworkState = initialNetwork();

  constructor(local: LocalMedia, meeting: MeetingInfo, options: MockOptions) {
    super();
    this.#local = local;
    this.#meeting = meeting;
    this.#count = Math.max(0, Math.min(DEMO.length, options.count));
    this.#share = options.share;
    this.#moderator = options.moderator ?? false;
    this.#lobbyMode = options.lobby ?? null;
  }

  get local(): LocalMedia {
    return this.#local;
  }

  start(): void {
    this.emit('connection', 'connecting');
    if (!this.#lobbyMode) {
      this.#timers.push(setTimeout(() => this.#joined(), 250));
      return;
    }
    this.#timers.push(
      setTimeout(() => {
        this.emit('connection', 'open');
        this.#emit({ type: 'lobby.waiting', rid: 'mock' });
      }, 250),
    );
    if (this.#lobbyMode === 'admit') this.#timers.push(setTimeout(() => this.#joined(), 3_000));
    if (this.#lobbyMode === 'reject')
      this.#timers.push(
        setTimeout(() => {
          this.#local.camera?.getTracks().forEach((t) => t.stop());
          this.emit('failure', { code: 'forbidden', message: 'the chair did not admit you' });
        }, 3_000),
      );
  }

  admitGuest(participantId: string): Promise<void> {
    const guest = this.#waiting.find((g) => g.id === participantId);
    this.#decide(participantId);
    if (guest) {
      const p: Participant = {
        ...guest,
        actorKey: `guest:${guest.id}`,
        role: 'guest',
        moderator: false,
        audioMuted: false,
        videoMuted: true,
        publishing: { camera: null, screen: false },
        joinedAt: new Date().toISOString(),
      };
      this.#participants.push(p);
      this.#emit({ type: 'participant.joined', participant: p });
    }
    return Promise.resolve();
  }

  /** The mock has no other presenter's screen to point on. */
  sendPointer(): void {}

  /** The mock has no server to sign a ticket: the viewer's own session must fetch the PDF. */
  presentTicket(): Promise<string> {
    return Promise.reject(new Error('the mock meeting has no server to issue a presentation ticket'));
  }

  /** Answers like the server would (events broadcast to us), from a tiny stand-in decision. */
  act(action: LiveAction): Promise<void> {
    const self = this.#self;
    const live = this.#live;
    if (!self || !live) return Promise.reject(new Error('not joined'));
    const point = self.actorKey.startsWith('point:') ? self.actorKey.slice(6) : null;
    const by: Actor = {
      key: self.actorKey,
      name: self.bridgePoint ?? self.name,
      bridgePointId: point,
      bridgePoint: self.bridgePoint,
    };
    if (action.type === 'reaction.send')
      this.#emit({ type: 'reaction', from: by, reaction: action.reaction });
    const out = mockDecide(live, action, by);
    if (!Array.isArray(out)) return Promise.reject(new SignallingError('wrong_state', out.error));
    for (const event of out) {
      const seq = (this.#live?.seq ?? 0) + 1;
      this.#live = applyLiveEvent(this.#live ?? live, { seq, event });
      this.#emit({ type: 'live.event', seq, event });
      if (event.type === 'speak.granted' && event.speech.speakerKey === self.actorKey)
        this.#emit({ type: 'moderation', moderation: { kind: 'floor_granted', by: by.name } });
    }
    return Promise.resolve();
  }

  setRecording(on: boolean): Promise<void> {
    this.#emit({ type: 'recording.state', recording: on, since: on ? new Date().toISOString() : null });
    return Promise.resolve();
  }

  rejectGuest(participantId: string): Promise<void> {
    this.#decide(participantId);
    return Promise.resolve();
  }

  #decide(participantId: string): void {
    this.#waiting = this.#waiting.filter((g) => g.id !== participantId);
    this.#emit({ type: 'lobby.updated', waiting: this.#waiting });
  }

  leave(): void {
    this.#timers.forEach((t) => clearInterval(t));
    this.#local.camera?.getTracks().forEach((t) => t.stop());
    this.#local.screen?.getTracks().forEach((t) => t.stop());
    this.emit('ended', { reason: 'left' });
  }

  setAudioMuted(muted: boolean): void {
    this.#local.camera?.getAudioTracks().forEach((t) => (t.enabled = !muted));
    this.#updateLocal({ audioMuted: muted });
  }

  setVideoMuted(muted: boolean): void {
    this.#local.camera?.getVideoTracks().forEach((t) => (t.enabled = !muted));
    this.#updateLocal({ videoMuted: muted });
  }

  async startShare(): Promise<void> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    stream.getVideoTracks()[0]?.addEventListener('ended', () => void this.stopShare());
    this.#updateLocal({ screen: stream });
  }

  stopShare(): Promise<void> {
    this.#local.screen?.getTracks().forEach((t) => t.stop());
    this.#updateLocal({ screen: null });
    return Promise.resolve();
  }

  setQualities(wanted: ReadonlyMap<string, 0 | 1 | 2>): void {
    this.#layers = new Map(wanted);
  }

  get network(): NetworkState {
    return this.#network;
  }

  setAudioOnly(on: boolean): void {
    this.#network = { ...this.#network, audioOnly: on };
    this.emit('network', this.#network);
    this.#emit(
      on
        ? { type: 'receive.mode', mode: 'audio_only', reason: 'chosen', budgetKbps: null }
        : { type: 'receive.mode', mode: 'full', reason: 'none', budgetKbps: null },
    );
  }

  setMixedAudio(on: boolean): void {
    this.#network = { ...this.#network, mixPreferred: on, mixedAudio: on };
    this.emit('network', this.#network);
    const { mode, reason, budgetKbps } = this.#network.receive;
    this.#emit({ type: 'receive.mode', mode, reason, budgetKbps, mixedAudio: on });
  }

  setView(): void {
    // The mock paints every tile at the layer setQualities asked for; sizes change nothing.
  }

  stats(): Promise<Record<string, ParticipantStats>> {
    const out: Record<string, ParticipantStats> = {};
    for (const p of this.#participants) {
      out[p.id] = {
        audio: {
          packetsReceived: this.#tick * 50,
          bytesReceived: 0,
          totalAudioEnergy: this.#tick / 10,
          audioLevel: 0.1,
        },
        video: null,
        screen: null,
      };
    }
    return Promise.resolve(out);
  }

  #updateLocal(patch: Partial<LocalMedia>): void {
    this.#local = { ...this.#local, ...patch };
    this.emit('local', this.#local);
    if (!this.#self) return;
    this.#self = {
      ...this.#self,
      audioMuted: this.#local.audioMuted,
      videoMuted: this.#local.videoMuted,
      publishing: { ...this.#self.publishing, screen: this.#local.screen !== null },
    };
    this.#emit({ type: 'participant.updated', participant: this.#self });
  }

  #emit(msg: ServerMessage): void {
    const network = reduceNetwork(this.#network, msg);
    if (network !== this.#network) {
      this.#network = network;
      this.emit('network', network);
    }
    this.emit('message', msg);
  }

  #joined(): void {
    const now = new Date().toISOString();
    const camera = this.#local.camera;
    this.#self = {
      id: 'self',
      name: 'Điểm cầu thử nghiệm',
      role: this.#moderator ? 'chair' : this.#lobbyMode ? 'guest' : 'bridge_point',
      moderator: this.#moderator,
      bridgePoint: 'Văn phòng liên khu phố 1',
      actorKey: this.#moderator ? 'person:p_nhung' : 'point:bp_lien_kp1',
      audioMuted: this.#local.audioMuted,
      videoMuted: this.#local.videoMuted,
      publishing: { camera: camera ? { audio: true, video: true } : null, screen: false },
      joinedAt: now,
    };
    this.#participants = DEMO.slice(0, this.#count).map((d, i) => ({
      id: `p${i + 1}`,
      name: d.name,
      role: this.#moderator && d.role === 'chair' ? 'delegate' : (d.role ?? 'bridge_point'),
      moderator: false,
      bridgePoint: d.bridgePoint,
      actorKey: mockActorKey(d, i),
      audioMuted: d.audioMuted ?? false,
      videoMuted: d.videoMuted ?? false,
      publishing: { camera: { audio: true, video: !d.videoMuted }, screen: this.#share && i === 0 },
      joinedAt: now,
    }));
    this.emit('connection', 'open');
    this.#emit({
      type: 'joined',
      rid: 'mock',
      self: this.#self,
      meeting: this.#meeting,
      participants: this.#participants,
      activeSpeakerId: this.#participants[0]?.id ?? null,
      iceServers: [],
    });
    this.emit('local', this.#local);
    this.#live = mockLiveState();
    this.#emit({ type: 'live.snapshot', state: this.#live });
    if (this.#moderator) {
      const t = Date.now();
      this.#waiting = GUESTS.map(({ agoMs, ...g }) => ({ ...g, since: new Date(t - agoMs).toISOString() }));
      this.#emit({ type: 'lobby.updated', waiting: this.#waiting });
    }
    this.#emit({ type: 'speaker.active', participantId: this.#participants[1]?.id ?? null });
    // Every connection-quality badge appears somewhere in a demo of a few points.
    const levels = ['good', 'good', 'fair', 'good', 'poor', 'unknown'] as const;
    this.#emit({
      type: 'quality.levels',
      levels: [this.#self, ...this.#participants].map((p, i) => ({
        participantId: p.id,
        level: levels[i % levels.length] ?? 'good',
      })),
    });
    this.#startMedia();
  }

  #startMedia(): void {
    const remote: RemoteMedia[] = this.#participants.map((p, i) => {
      const painter = cameraPainter(
        p.bridgePoint ?? p.name,
        (i * 47 + 200) % 360,
        () => this.#layers.get(p.id) ?? 1,
      );
      this.#painters.set(p.id, painter);
      const screen = p.publishing.screen ? slidePainter() : null;
      if (screen) this.#painters.set(`${p.id}:screen`, screen);
      return {
        participantId: p.id,
        camera: p.videoMuted ? null : painter.canvas.captureStream(12),
        audio: null,
        screen: screen ? screen.canvas.captureStream(5) : null,
      };
    });
    this.#timers.push(
      setInterval(() => {
        this.#tick++;
        this.#painters.forEach((p) => p.draw(this.#tick));
      }, 100),
    );
    this.#painters.forEach((p) => p.draw(0));
    this.emit('remote', remote);
    const talkers = this.#participants.filter((p) => !p.audioMuted);
    let turn = 1;
    this.#timers.push(
      setInterval(() => {
        const next = talkers[turn++ % Math.max(1, talkers.length)];
        if (next) this.#emit({ type: 'speaker.active', participantId: next.id });
      }, 6_000),
    );
  }
}
