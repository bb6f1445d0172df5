// Checks the generated Janus config files carry the settings we rely on (no snapshots).
import { describe, expect, it } from 'vitest';
import {
  audiobridgeAdminKey,
  generateJanusConfig,
  renderLibconfig,
  resolveJanusConfig,
} from './janus-config.js';

const base = {
  runtimeDir: '/srv/diemcau/runtime',
  wsPort: 18188,
  apiSecret: 'test-secret',
  rtpPortRange: [20000, 20099] as [number, number],
  mediaInterface: 'dc0',
  mediaAddress: '127.0.0.2',
};

describe('generateJanusConfig', () => {
  const gen = generateJanusConfig(resolveJanusConfig(base));
  const core = gen.files['janus.jcfg'] ?? '';
  const ws = gen.files['janus.transport.websockets.jcfg'] ?? '';
  const vr = gen.files['janus.plugin.videoroom.jcfg'] ?? '';

  it('writes exactly four files into <runtimeDir>/janus-conf', () => {
    expect(gen.confDir).toBe('/srv/diemcau/runtime/janus-conf');
    expect(Object.keys(gen.files).sort()).toEqual([
      'janus.jcfg',
      'janus.plugin.audiobridge.jcfg',
      'janus.plugin.videoroom.jcfg',
      'janus.transport.websockets.jcfg',
    ]);
    expect(gen.wsUrl).toBe('ws://127.0.0.1:18188');
    expect(gen.apiSecret).toBe('test-secret');
  });

  it('sets the media address, interface, ports and secret in the core config', () => {
    expect(core).toContain('configs_folder = "/srv/diemcau/runtime/janus-conf"');
    expect(core).toContain('api_secret = "test-secret"');
    expect(core).toContain('interface = "127.0.0.2"');
    expect(core).toContain('rtp_port_range = "20000-20099"');
    expect(core).toContain('ice_enforce_list = "dc0"');
    expect(core).not.toContain('nat_1_1_mapping');
    expect(core).not.toContain('stun_server');
  });

  it('disables every plugin, transport, logger and event handler we do not use', () => {
    for (const p of [
      'sip',
      'nosip',
      'textroom',
      'echotest',
      'recordplay',
      'videocall',
      'voicemail',
      'lua',
      'duktape',
      'streaming',
    ]) {
      expect(core).toMatch(new RegExp(`plugins: \\{\\n\\tdisable = "[^"]*libjanus_${p}\\.so`));
    }
    expect(core).not.toMatch(/disable = "[^"]*libjanus_videoroom\.so/);
    expect(core).not.toMatch(/disable = "[^"]*libjanus_audiobridge\.so/);
    for (const t of ['http', 'mqtt', 'nanomsg', 'pfunix', 'rabbitmq'])
      expect(core).toMatch(new RegExp(`libjanus_${t}\\.so`));
    expect(core).not.toMatch(/disable = "[^"]*libjanus_websockets\.so/);
    expect(core).toContain('broadcast = false');
    expect(core).toContain('libjanus_jsonlog.so');
    expect(core).toMatch(/events: \{\n\tbroadcast = false\n\tdisable = "[^"]*libjanus_wsevh\.so/);
  });

  it('binds the WebSocket API to the given host only and exposes no admin API', () => {
    expect(ws).toContain('ws = true');
    expect(ws).toContain('ws_port = 18188');
    expect(ws).toContain('ws_ip = "127.0.0.1"');
    expect(ws).toContain('wss = false');
    expect(ws).toContain('admin_ws = false');
    expect(ws).toContain('admin_wss = false');
  });

  it('uses string ids in the VideoRoom and creates no room from config', () => {
    expect(vr).toContain('string_ids = true');
    expect(vr).not.toMatch(/room-/);
  });

  it('configures the AudioBridge: string ids, no static room, admin key, plain RTP on the media address', () => {
    const ab = gen.files['janus.plugin.audiobridge.jcfg'] ?? '';
    expect(ab).toContain('string_ids = true');
    expect(ab).not.toMatch(/room-/);
    expect(ab).toContain(`admin_key = "${audiobridgeAdminKey('test-secret')}"`);
    expect(audiobridgeAdminKey('test-secret')).not.toBe('test-secret');
    expect(ab).toContain('lock_rtp_forward = true');
    expect(ab).toContain('rtp_port_range = "20000-20099"');
    expect(ab).toContain('local_ip = "127.0.0.2"');
    const noAddress = generateJanusConfig(resolveJanusConfig({ ...base, mediaAddress: undefined }));
    expect(noAddress.files['janus.plugin.audiobridge.jcfg']).not.toContain('local_ip');
  });

  it('adds NAT mapping and STUN when given', () => {
    const nat = generateJanusConfig(
      resolveJanusConfig({ ...base, natPublicAddress: '203.0.113.7', stunServer: 'stun.example.org:3478' }),
    ).files['janus.jcfg'];
    expect(nat).toContain('nat_1_1_mapping = "203.0.113.7"');
    expect(nat).toContain('stun_server = "stun.example.org"');
    expect(nat).toContain('stun_port = 3478');
  });
});

describe('resolveJanusConfig', () => {
  it('fills defaults and generates a random secret', () => {
    const a = resolveJanusConfig({ runtimeDir: 'rt' });
    const b = resolveJanusConfig({ runtimeDir: 'rt' });
    expect(a).toMatchObject({
      binary: '/usr/bin/janus',
      wsPort: 8188,
      wsHost: '127.0.0.1',
      debugLevel: 4,
      supervise: true,
    });
    expect(a.apiSecret.length).toBeGreaterThanOrEqual(24);
    expect(a.apiSecret).not.toBe(b.apiSecret);
    expect(generateJanusConfig(a).files['janus.jcfg']).toContain('ice_ignore_list = "vmnet"');
  });

  it('refuses a bad port range', () => {
    expect(() => resolveJanusConfig({ runtimeDir: 'rt', rtpPortRange: [30000, 20000] })).toThrow(RangeError);
  });
});

describe('renderLibconfig', () => {
  it('escapes strings and leaves undefined values out', () => {
    expect(renderLibconfig({ s: { a: 'x"y\\z', b: undefined, c: 3, d: true } })).toContain(
      's: {\n\ta = "x\\"y\\\\z"\n\tc = 3\n\td = true\n}',
    );
  });
});
