// A minimal Janus WebSocket client for the fan-out benchmark only: it asks the VideoRoom to
// rtp_forward a publisher's streams to plain UDP sockets.
// NOTE: this deliberately bypasses @diemcau/media (which keeps Janus JSON inside itself and offers
// no RTP forwarding). It is a measuring harness talking to a Janus the bench's own server child
// started, on loopback, with the API secret read from the config that server generated.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

type Json = Record<string, unknown>;

interface Pending {
  resolve: (reply: Json) => void;
  reject: (err: Error) => void;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The VideoRoom's reply data (`plugindata.data`) of a plugin response. */
export function pluginData(reply: Json): Json {
  const pd = reply.plugindata;
  const data = isObject(pd) ? pd.data : undefined;
  if (!isObject(data)) throw new Error(`no plugindata in ${JSON.stringify(reply).slice(0, 300)}`);
  if (typeof data.error === 'string') throw new Error(`videoroom: ${data.error}`);
  return data;
}

export class JanusAdmin {
  private readonly pending = new Map<string, Pending>();
  private session = 0;
  private handle = 0;
  private keepalive: NodeJS.Timeout | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly apiSecret: string,
  ) {
    ws.on('message', (data: Buffer) => this.onMessage(data.toString()));
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('janus socket closed'));
      this.pending.clear();
    });
  }

  /** Connects, creates a session and attaches to the VideoRoom. */
  static async connect(url: string, apiSecret: string): Promise<JanusAdmin> {
    const ws = new WebSocket(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const admin = new JanusAdmin(ws, apiSecret);
    const created = await admin.request({ janus: 'create' });
    admin.session = Number((created.data as Json | undefined)?.id);
    const attached = await admin.request({
      janus: 'attach',
      session_id: admin.session,
      plugin: 'janus.plugin.videoroom',
    });
    admin.handle = Number((attached.data as Json | undefined)?.id);
    admin.keepalive = setInterval(
      () => void admin.request({ janus: 'keepalive', session_id: admin.session }).catch(() => undefined),
      20_000,
    );
    return admin;
  }

  private onMessage(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (!isObject(msg) || typeof msg.transaction !== 'string' || msg.janus === 'ack') return;
    const p = this.pending.get(msg.transaction);
    if (!p) return;
    this.pending.delete(msg.transaction);
    if (msg.janus === 'error') p.reject(new Error(`janus: ${JSON.stringify(msg.error)}`));
    else p.resolve(msg);
  }

  private request(body: Json): Promise<Json> {
    const transaction = randomUUID();
    return new Promise((resolve, reject) => {
      this.pending.set(transaction, { resolve, reject });
      this.ws.send(JSON.stringify({ ...body, transaction, apisecret: this.apiSecret }));
    });
  }

  /** A synchronous VideoRoom request (list, rtp_forward…); returns its data. */
  async videoroom(body: Json): Promise<Json> {
    const reply = await this.request({
      janus: 'message',
      session_id: this.session,
      handle_id: this.handle,
      body,
    });
    return pluginData(reply);
  }

  async close(): Promise<void> {
    clearInterval(this.keepalive);
    await this.request({ janus: 'destroy', session_id: this.session }).catch(() => undefined);
    this.ws.close();
  }
}
