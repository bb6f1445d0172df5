// Unit tests of the CLI argument parsing.
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './args.js';

const LINK = 'http://127.0.0.1:8080/m/abc?name=Ph%C6%B0%E1%BB%9Dng%201';

describe('parseCliArgs', () => {
  it('reads every option', () => {
    const parsed = parseCliArgs([
      '--link',
      LINK,
      '--name',
      'bot-1',
      '--seconds',
      '7.5',
      '--no-publish',
      '--json',
      '--mute-after',
      '2',
      '--video-kbps',
      '300',
    ]);
    expect(parsed).toEqual({
      ok: true,
      options: {
        json: true,
        bot: { link: LINK, name: 'bot-1', seconds: 7.5, publish: false, muteAfterSeconds: 2, videoKbps: 300 },
      },
    });
  });

  it('has defaults: 10 seconds, publishing, readable output', () => {
    expect(parseCliArgs(['--link', LINK])).toEqual({
      ok: true,
      options: { json: false, bot: { link: LINK, seconds: 10, publish: true } },
    });
  });

  it('refuses missing links, unknown options and bad numbers', () => {
    expect(parseCliArgs([])).toMatchObject({ ok: false, error: '--link is required' });
    expect(parseCliArgs(['--link', LINK, '--bogus'])).toMatchObject({ ok: false, help: false });
    expect(parseCliArgs(['--link', LINK, '--seconds', 'soon'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--seconds') as unknown,
    });
    expect(parseCliArgs(['--link', LINK, '--seconds', '-1'])).toMatchObject({ ok: false });
    expect(parseCliArgs(['--link', LINK, 'positional'])).toMatchObject({ ok: false });
  });

  it('reads the TURN options: relay only, over the listed transports', () => {
    expect(parseCliArgs(['--link', LINK, '--relay', '--turn-transport', 'tcp,tls'])).toEqual({
      ok: true,
      options: {
        json: false,
        bot: { link: LINK, seconds: 10, publish: true, relayOnly: true, turnTransports: ['tcp', 'tls'] },
      },
    });
    expect(parseCliArgs(['--link', LINK, '--turn-transport', 'sctp'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--turn-transport') as unknown,
    });
  });

  it('reads --turn-via as a loopback host and port, and refuses anything else', () => {
    expect(parseCliArgs(['--link', LINK, '--turn-via', '127.1.0.1:40123'])).toMatchObject({
      ok: true,
      options: { bot: { turnVia: { host: '127.1.0.1', port: 40123 } } },
    });
    for (const bad of ['10.0.0.1:3478', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', 'x:1']) {
      expect(parseCliArgs(['--link', LINK, '--turn-via', bad])).toMatchObject({
        ok: false,
        error: expect.stringContaining('--turn-via') as unknown,
      });
    }
  });

  it('reads the network-test options: simulcast, a measured window, no rejoin', () => {
    expect(parseCliArgs(['--link', LINK, '--simulcast', '--measure-after', '12', '--no-rejoin'])).toEqual({
      ok: true,
      options: {
        json: false,
        bot: {
          link: LINK,
          seconds: 10,
          publish: true,
          simulcast: true,
          measureAfterSeconds: 12,
          rejoin: false,
        },
      },
    });
    expect(parseCliArgs(['--link', LINK, '--measure-after', '-1'])).toMatchObject({ ok: false });
  });

  it('asks for help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ ok: false, help: true, error: null });
  });
});
