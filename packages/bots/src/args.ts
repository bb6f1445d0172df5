// Command-line arguments of the bot CLI, parsed with node:util parseArgs into BotOptions.
import { parseArgs } from 'node:util';
import type { BotOptions } from './bot.js';
import type { TurnTransport } from './sdp.js';

export const USAGE = `usage: npm run bot -- --link <join-url> [--name <label>] [--seconds <n>] [--no-publish]
                    [--mute-after <s>] [--video-kbps <n>] [--relay] [--turn-transport <list>]
                    [--turn-via <host:port>] [--json]

  --link <url>       join link: <origin>/m/<meetingId>?name=…&bp=…&t=… (loopback servers only)
  --name <label>     name to join as (overrides the link's name)
  --seconds <n>      how long to stay after joining (default 10)
  --no-publish       receive only
  --mute-after <s>   after s seconds in the meeting, send media.state audioMuted and send silence
  --video-kbps <n>   video bitrate cap in kbit/s (default 500)
  --relay            media only through the server's TURN relay (iceTransportPolicy relay)
  --turn-transport <list>  use only TURN URLs over these transports: udp,tcp,tls (e.g. tcp)
  --turn-via <host:port>   send TURN over UDP to this loopback relay instead (latency tests)
  --simulcast        publish the camera as simulcast h/m/l, as browsers do
  --mixed-audio      ask for "Âm thanh gộp": everyone's audio as one mixed stream
  --measure-after <s>  measure audio gaps, freezes and concealment from s seconds after joining
  --no-rejoin        end the run when signalling drops instead of rejoining
  --json             print the report as one JSON object on the last line
  --help             this text`;

const TRANSPORTS: readonly TurnTransport[] = ['udp', 'tcp', 'tls'];

export interface CliOptions {
  bot: BotOptions;
  json: boolean;
}

export type CliParse = { ok: true; options: CliOptions } | { ok: false; help: boolean; error: string | null };

function number(name: string, raw: string | undefined, min: number): number | string | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min ? value : `--${name} needs a number ≥ ${min}, got "${raw}"`;
}

/** Parses argv (without node and the script). Never throws. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        link: { type: 'string' },
        name: { type: 'string' },
        seconds: { type: 'string' },
        'no-publish': { type: 'boolean', default: false },
        'mute-after': { type: 'string' },
        'video-kbps': { type: 'string' },
        relay: { type: 'boolean', default: false },
        'turn-transport': { type: 'string' },
        'turn-via': { type: 'string' },
        simulcast: { type: 'boolean', default: false },
        'mixed-audio': { type: 'boolean', default: false },
        'measure-after': { type: 'string' },
        'no-rejoin': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    return { ok: false, help: false, error: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return { ok: false, help: true, error: null };
  if (!values.link) return { ok: false, help: false, error: '--link is required' };
  const seconds = number('seconds', values.seconds, 0) ?? 10;
  const muteAfter = number('mute-after', values['mute-after'], 0);
  const videoKbps = number('video-kbps', values['video-kbps'], 30);
  const measureAfter = number('measure-after', values['measure-after'], 0);
  for (const value of [seconds, muteAfter, videoKbps, measureAfter]) {
    if (typeof value === 'string') return { ok: false, help: false, error: value };
  }
  const transports = values['turn-transport']?.split(',').map((t) => t.trim());
  if (transports?.some((t) => !TRANSPORTS.includes(t as TurnTransport))) {
    return {
      ok: false,
      help: false,
      error: `--turn-transport takes udp, tcp or tls, got "${values['turn-transport']}"`,
    };
  }
  const via = values['turn-via'];
  const viaMatch = via === undefined ? null : /^(127(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(via);
  if (via !== undefined && (!viaMatch || Number(viaMatch[2]) < 1 || Number(viaMatch[2]) > 65535)) {
    return { ok: false, help: false, error: `--turn-via takes a loopback host:port, got "${via}"` };
  }
  const bot: BotOptions = {
    link: values.link,
    seconds: seconds as number,
    publish: !values['no-publish'],
  };
  if (values.name !== undefined) bot.name = values.name;
  if (typeof muteAfter === 'number') bot.muteAfterSeconds = muteAfter;
  if (typeof videoKbps === 'number') bot.videoKbps = videoKbps;
  if (typeof measureAfter === 'number') bot.measureAfterSeconds = measureAfter;
  if (values.simulcast) bot.simulcast = true;
  if (values['mixed-audio']) bot.mixedAudio = true;
  if (values['no-rejoin']) bot.rejoin = false;
  if (values.relay) bot.relayOnly = true;
  if (transports) bot.turnTransports = transports as TurnTransport[];
  if (viaMatch) bot.turnVia = { host: viaMatch[1] as string, port: Number(viaMatch[2]) };
  return { ok: true, options: { bot, json: values.json } };
}
