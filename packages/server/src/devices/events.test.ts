// The typed device emitter: listeners get their events, removal works, a throwing listener is contained.
import { describe, expect, it } from 'vitest';
import { DeviceEvents } from './events.js';

describe('DeviceEvents', () => {
  it('delivers to every listener even when one throws or rejects, and reports the failures', async () => {
    const errors: unknown[] = [];
    const events = new DeviceEvents((err) => errors.push(err));
    const got: string[] = [];
    events.on('revoked', () => {
      throw new Error('boom');
    });
    events.on('revoked', () => Promise.reject(new Error('async boom')));
    const off = events.on('revoked', (e) => void got.push(`${e.deviceId}:${e.reason}`));
    events.emit('revoked', { deviceId: 'd1', bridgePointId: 'bp', reason: 'admin' });
    off();
    events.emit('revoked', { deviceId: 'd2', bridgePointId: null, reason: 'replaced' });
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['d1:admin']);
    expect(errors).toHaveLength(4);
  });

  it('keeps event kinds apart', () => {
    const events = new DeviceEvents();
    const paired: string[] = [];
    events.on('paired', (e) => void paired.push(e.bridgePointId));
    events.emit('revoked', { deviceId: 'd1', bridgePointId: 'bp', reason: 'admin' });
    events.emit('paired', { deviceId: 'd1', bridgePointId: 'bp_kp4' });
    expect(paired).toEqual(['bp_kp4']);
  });
});
