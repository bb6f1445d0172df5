// The TURN relay as the rest of the server sees it: coturn running under our supervision, plus
// the issuer of per-participant credentials for it. Built from TurnSettings (TURN_* variables).
import path from 'node:path';
import type { IceServer } from '@diemcau/protocol';
import type { Logger } from '@diemcau/media';
import type { TurnSettings } from '../config.js';
import type { Identity } from '../live/admission.js';
import { TurnCredentialIssuer, loadOrCreateTurnSecret } from './credentials.js';
import type { TurnServerConfig } from './config.js';
import { TurnProcess } from './process.js';
import type { TurnState } from './process.js';

/** What the app needs from TURN: credentials for the `joined` message, and health. */
export interface TurnPort {
  readonly state: TurnState;
  isUp(): boolean;
  iceServers(identity: Identity): IceServer[];
}

export interface TurnServiceOptions {
  /** Credential lifetime (12 h by default). */
  ttlSeconds?: number;
  log?: Logger;
}

export class TurnService implements TurnPort {
  private constructor(
    readonly process: TurnProcess,
    private readonly issuer: TurnCredentialIssuer,
  ) {}

  /** Reads or makes the shared secret, writes coturn's config into DATA_DIR/turn and starts it. */
  static async start(
    settings: TurnSettings,
    dataDir: string,
    options: TurnServiceOptions = {},
  ): Promise<TurnService> {
    const secret = await loadOrCreateTurnSecret(dataDir, settings.secret);
    const config: TurnServerConfig = {
      runtimeDir: path.join(dataDir, 'turn'),
      port: settings.port,
      tlsPort: settings.tlsPort,
      tls: settings.tls,
      secret,
      realm: settings.realm,
      listenAddress: settings.listenAddress,
      relayAddress: settings.relayAddress,
      relayPortRange: settings.relayPortRange,
      mediaAddresses: settings.peerAddresses,
    };
    const coturn = new TurnProcess(config, {
      binary: settings.binary,
      ...(options.log ? { log: options.log } : {}),
    });
    await coturn.start();
    const issuer = new TurnCredentialIssuer({
      secret,
      endpoint: { host: settings.host, port: settings.port, tlsPort: settings.tls ? settings.tlsPort : null },
      ...(options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds }),
    });
    return new TurnService(coturn, issuer);
  }

  get state(): TurnState {
    return this.process.state;
  }

  isUp(): boolean {
    return this.process.isUp();
  }

  iceServers(identity: Identity): IceServer[] {
    return this.issuer.iceServers(identity);
  }

  close(): Promise<void> {
    return this.process.stop();
  }
}
