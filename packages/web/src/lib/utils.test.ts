// Pure helpers: backoff, Vietnam clock, routes, audio level and tone, media error kinds, prefs.
import { describe, expect, it } from 'vitest';
import { makeToneWav, rmsToLevel } from './audio';
import { backoffDelay } from './backoff';
import { formatClock } from './clock';
import { classifyMediaError } from './devices';
import { loadPrefs } from './prefs';
import { parseRoute } from './route';

describe('backoffDelay', () => {
  const noJitter = { baseMs: 500, maxMs: 10_000, jitter: 0 };
  it('doubles up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
  it('stays within the jitter band', () => {
    const opts = { baseMs: 1000, maxMs: 10_000, jitter: 0.2 };
    expect(backoffDelay(0, opts, () => 0)).toBe(800);
    expect(backoffDelay(0, opts, () => 1)).toBe(1200);
  });
});

describe('formatClock', () => {
  it('shows Vietnam time (UTC+7) whatever the device zone', () => {
    const text = formatClock(new Date('2025-11-26T07:05:00Z'), 'vi');
    expect(text.time).toBe('14:05');
    expect(text.iso).toBe('2025-11-26T14:05+07:00');
    expect(text.date).toContain('26/11/2025');
  });
  it('rolls the date over at Vietnam midnight', () => {
    expect(formatClock(new Date('2025-11-26T17:30:00Z'), 'en').iso).toBe('2025-11-27T00:30+07:00');
  });
});

describe('parseRoute', () => {
  it('reads a join link with name, bridge point, token and switches', () => {
    const route = parseRoute(
      'http://127.0.0.1:8080/m/giao-ban?name=Nguy%E1%BB%85n%20V%C4%83n%20An&bp=Khu%20ph%E1%BB%91%204&t=abc&autojoin=1&ice=loopback',
    );
    expect(route).toEqual({
      kind: 'meeting',
      meetingId: 'giao-ban',
      name: 'Nguyễn Văn An',
      bridgePoint: 'Khu phố 4',
      token: 'abc',
      autojoin: true,
      mock: false,
      kiosk: false,
      passcode: null,
      icePolicy: 'loopback',
    });
  });
  it('treats anything else as home', () => {
    expect(parseRoute('http://127.0.0.1:8080/')).toEqual({ kind: 'home' });
    expect(parseRoute('http://127.0.0.1:8080/x/y')).toEqual({ kind: 'home' });
  });
  it('defaults the switches off', () => {
    const route = parseRoute('http://127.0.0.1:8080/m/a');
    expect(route).toMatchObject({
      name: '',
      bridgePoint: null,
      token: null,
      autojoin: false,
      mock: false,
      icePolicy: 'all',
    });
  });
});

describe('audio helpers', () => {
  it('maps silence to 0 and full scale to 1', () => {
    expect(rmsToLevel(new Float32Array(128))).toBe(0);
    expect(rmsToLevel(new Float32Array(128).fill(1))).toBe(1);
    expect(rmsToLevel([])).toBe(0);
  });
  it('maps −30 dBFS to the middle', () => {
    const amp = 10 ** (-30 / 20);
    expect(rmsToLevel(new Float32Array(64).fill(amp))).toBeCloseTo(0.5, 5);
  });
  it('writes a valid mono 16-bit WAV', () => {
    const wav = makeToneWav(440, 100, 8000);
    const view = new DataView(wav.buffer);
    expect(String.fromCharCode(...wav.slice(0, 4))).toBe('RIFF');
    expect(String.fromCharCode(...wav.slice(8, 12))).toBe('WAVE');
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(8000);
    expect(view.getUint32(40, true)).toBe(1600);
    expect(wav.length).toBe(44 + 1600);
  });
});

describe('classifyMediaError', () => {
  const err = (name: string): Error => Object.assign(new Error(name), { name });
  it('recognises the getUserMedia failures', () => {
    expect(classifyMediaError(err('NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(err('NotFoundError'))).toBe('not_found');
    expect(classifyMediaError(err('NotReadableError'))).toBe('in_use');
    expect(classifyMediaError(err('TypeError'))).toBe('unsupported');
    expect(classifyMediaError('boom')).toBe('unknown');
  });
});

describe('loadPrefs', () => {
  it('falls back to Vietnamese defaults without storage', () => {
    expect(loadPrefs()).toEqual({
      lang: 'vi',
      cameraId: null,
      micId: null,
      speakerId: null,
      name: '',
      bridgePoint: '',
      audioOnly: false,
      mixedAudio: false,
    });
  });
});
