// The server's Prometheus metrics: one registry per server, the histograms fed by hooks (HTTP
// requests, signalling frames, database queries, clients' quality reports), and the gauges read at
// scrape time from the live rooms and the Janus process (collectors.ts).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QualitySample } from '@diemcau/protocol';
import type { QueryEvent } from '../db/database.js';
import type { LiveHub } from '../live/hub.js';
import type { SignallingObserver } from '../live/connection.js';
import { PREFIX, registerLiveCollectors } from './collectors.js';
import { registerJanusCollectors } from './janus-collector.js';
import type { JanusNodeSource } from './janus-collector.js';

const BITRATE_KBPS_BUCKETS = [50, 100, 150, 250, 500, 800, 1200, 2000, 4000, 8000];

export interface ServerMetricsOptions {
  /** Also export Node's own process metrics (CPU, memory, event-loop lag, GC): production only. */
  defaultMetrics?: boolean;
  /** Monotonic milliseconds, the clock quality samples are stamped with (performance.now()). */
  now?: () => number;
  /** Where /proc is (tests point it at a fixture). */
  procRoot?: string;
}

/** The metrics of one server process. Hooks are safe to call before `attach`. */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Pass to the live routes: counts connections and times every signalling frame. */
  readonly signalling: SignallingObserver;
  readonly #options: ServerMetricsOptions;
  readonly #http: Histogram<'method' | 'route' | 'status_code'>;
  readonly #db: Histogram<'operation' | 'outcome'>;
  #attached = false;

  constructor(options: ServerMetricsOptions = {}) {
    this.#options = options;
    const registers = [this.registry];
    this.#http = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'HTTP requests by route pattern: time from request to response.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#db = new Histogram({
      name: `${PREFIX}db_query_duration_seconds`,
      help: 'Database queries by statement kind and outcome.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    const connections = new Gauge({
      name: `${PREFIX}signalling_connections`,
      help: 'Open signalling WebSocket connections (joined, waiting in the lobby, or not yet joined).',
      registers,
    });
    const frames = new Histogram({
      name: `${PREFIX}signalling_message_duration_seconds`,
      help: 'Time to handle one client signalling frame, by message type (invalid: did not parse).',
      labelNames: ['type'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    const bitrate = new Histogram({
      name: `${PREFIX}client_bitrate_kbps`,
      help: 'Clients\u2019 reported media bitrate in kbit/s (send: all publishers; recv: subscriber).',
      labelNames: ['direction'],
      buckets: BITRATE_KBPS_BUCKETS,
      registers,
    });
    const loss = new Histogram({
      name: `${PREFIX}client_loss_percent`,
      help: 'Clients\u2019 reported inbound packet loss, percent.',
      buckets: [0.5, 1, 2, 5, 10, 20, 50],
      registers,
    });
    const rtt = new Histogram({
      name: `${PREFIX}client_rtt_seconds`,
      help: 'Clients\u2019 reported round-trip time to the media server.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6],
      registers,
    });
    const available = new Histogram({
      name: `${PREFIX}client_available_outgoing_kbps`,
      help: 'Clients\u2019 sending bandwidth estimate (availableOutgoingBitrate) in kbit/s.',
      buckets: BITRATE_KBPS_BUCKETS,
      registers,
    });
    const reports = new Counter({
      name: `${PREFIX}quality_reports_total`,
      help: 'Quality reports accepted from clients.',
      registers,
    });
    this.signalling = {
      connections: (delta) => connections.inc(delta),
      frameHandled: (type, seconds) => frames.observe({ type }, seconds),
      qualityReported: (s: QualitySample) => {
        reports.inc();
        bitrate.observe({ direction: 'send' }, s.sendKbps);
        bitrate.observe({ direction: 'recv' }, s.recvKbps);
        loss.observe(s.lossPct);
        if (s.rttMs !== null) rtt.observe(s.rttMs / 1000);
        if (s.availableOutgoingKbps !== null) available.observe(s.availableOutgoingKbps);
      },
    };
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** Database hook: pass to `openDatabase({ onQuery })`. */
  readonly observeQuery = (event: QueryEvent): void => {
    this.#db.observe(
      { operation: event.operation, outcome: event.ok ? 'ok' : 'error' },
      event.durationMs / 1000,
    );
  };

  /** One finished HTTP request; `route` is the route pattern (never the raw URL: bounded labels). */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void {
    this.#http.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** Starts reading the live rooms and the media engine at every scrape. Once per instance. */
  attach(sources: { hub: LiveHub; media: JanusNodeSource | null }): void {
    if (this.#attached) throw new Error('metrics are already attached');
    this.#attached = true;
    registerLiveCollectors(this.registry, sources.hub, this.#options.now ?? (() => performance.now()));
    registerJanusCollectors(this.registry, sources.media, this.#options.procRoot ?? '/proc');
  }

  /** The exposition in Prometheus text format, and its content type. */
  async exposition(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
