// Tests of the wire contract: valid and invalid frames, and the wire strings pinned on purpose
// (brittle by design: renaming a message type breaks deployed clients).
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';
import { buildJoinLink, parseJoinLink, signallingUrl } from './links.js';
import { ClientMessage, parseClientMessage, parseServerMessage, ServerMessage } from './signalling.js';

const typesOf = (schema: typeof ClientMessage | typeof ServerMessage): string[] =>
  schema.options.map((o) => o.shape.type.value).sort();

describe('wire strings', () => {
  it('pins every client message type', () => {
    expect(typesOf(ClientMessage)).toEqual([
      'act',
      'join',
      'leave',
      'lobby.admit',
      'lobby.reject',
      'media.state',
      'mix.join',
      'mix.leave',
      'ping',
      'present.pointer',
      'present.ticket',
      'publish',
      'quality.report',
      'receive.preference',
      'recording.start',
      'recording.stop',
      'subscribe.answer',
      'subscribe.quality',
      'subscribe.restart',
      'trickle',
      'unpublish',
      'view.layout',
    ]);
  });

  it('pins every server message type', () => {
    expect(typesOf(ServerMessage)).toEqual([
      'ack',
      'error',
      'joined',
      'live.event',
      'live.snapshot',
      'lobby.updated',
      'lobby.waiting',
      'media.reset',
      'mix.answer',
      'moderation',
      'participant.joined',
      'participant.left',
      'participant.updated',
      'pong',
      'present.pointer',
      'present.ticket',
      'publish.answer',
      'quality.levels',
      'reaction',
      'receive.mode',
      'recording.state',
      'speaker.active',
      'subscribe.offer',
      'trickle',
    ]);
  });

  it('pins the error codes', () => {
    expect([...ERROR_CODES]).toEqual([
      'bad_message',
      'validation_failed',
      'not_joined',
      'already_joined',
      'meeting_not_found',
      'meeting_full',
      'media_unavailable',
      'publish_failed',
      'subscribe_failed',
      'rate_limited',
      'not_found',
      'unauthorized',
      'forbidden',
      'csrf_failed',
      'account_locked',
      'totp_required',
      'conflict',
      'lobby_waiting',
      'wrong_state',
      'meeting_locked',
      'file_too_large',
      'file_type_refused',
      'file_unsafe',
      'not_presentable',
      'conclusions_not_approved',
      'internal',
    ]);
  });
});

describe('parseClientMessage', () => {
  it('accepts a join with Vietnamese names and trims them', () => {
    const r = parseClientMessage(
      JSON.stringify({
        type: 'join',
        rid: '1',
        meetingId: 'm1',
        name: '  Văn phòng khu phố 4 ',
        bridgePoint: 'Văn phòng khu phố 4',
      }),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        type: 'join',
        rid: '1',
        meetingId: 'm1',
        name: 'Văn phòng khu phố 4',
        bridgePoint: 'Văn phòng khu phố 4',
      },
    });
  });

  it('accepts bytes as well as text', () => {
    const r = parseClientMessage(new TextEncoder().encode(JSON.stringify({ type: 'ping', rid: 'a' })));
    expect(r.ok).toBe(true);
  });

  it.each([
    ['not JSON', '{', undefined],
    ['unknown type', JSON.stringify({ type: 'nope' }), 'type'],
    [
      'missing field',
      JSON.stringify({ type: 'publish', rid: '1', source: 'camera', audio: true, video: true }),
      'sdp',
    ],
    ['wrong source', JSON.stringify({ type: 'unpublish', rid: '1', source: 'mic' }), 'source'],
    ['empty name', JSON.stringify({ type: 'join', rid: '1', meetingId: 'm', name: '   ' }), 'name'],
    [
      'bad substream',
      JSON.stringify({ type: 'subscribe.quality', participantId: 'p', substream: 3 }),
      'substream',
    ],
    [
      'negative version',
      JSON.stringify({ type: 'subscribe.answer', version: -1, sdp: 'v=0 xxxxxxxx' }),
      'version',
    ],
  ])('refuses %s', (_label, frame, field) => {
    const r = parseClientMessage(frame);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('bad_message');
      expect(r.field).toBe(field);
    }
  });

  it('refuses oversized frames before parsing them', () => {
    const r = parseClientMessage(JSON.stringify({ type: 'ping', rid: 'x', pad: 'x'.repeat(70_000) }));
    expect(r).toMatchObject({ ok: false, message: 'frame too large' });
  });
});

describe('parseServerMessage', () => {
  it('accepts an error with a known code and refuses an unknown one', () => {
    expect(
      parseServerMessage(JSON.stringify({ type: 'error', code: 'rate_limited', message: 'slow down' })).ok,
    ).toBe(true);
    expect(parseServerMessage(JSON.stringify({ type: 'error', code: 'made_up', message: 'x' })).ok).toBe(
      false,
    );
  });
});

describe('join links', () => {
  it('round-trips names with diacritics and spaces', () => {
    const href = buildJoinLink({
      origin: 'http://localhost:8080',
      meetingId: 'AbC-_123',
      name: 'Lê Văn Hai',
      bridgePoint: 'Văn phòng khu phố 4',
      token: 'tok',
    });
    expect(href.startsWith('http://localhost:8080/m/AbC-_123?')).toBe(true);
    expect(parseJoinLink(href)).toEqual({
      origin: 'http://localhost:8080',
      meetingId: 'AbC-_123',
      name: 'Lê Văn Hai',
      bridgePoint: 'Văn phòng khu phố 4',
      token: 'tok',
    });
  });

  it('rejects URLs that are not join links', () => {
    expect(parseJoinLink('not a url')).toBeNull();
    expect(parseJoinLink('http://localhost:8080/api/health')).toBeNull();
  });

  it('derives the signalling URL from the origin', () => {
    expect(signallingUrl('https://hop.anphudong.vn')).toBe('wss://hop.anphudong.vn/ws');
    expect(signallingUrl('http://localhost:8080')).toBe('ws://localhost:8080/ws');
  });
});
