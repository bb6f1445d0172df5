// Unit tests of the presentation rules (no I/O): who may open, turn, hand over and close; pages
// within the document; the document the session checked; the state every viewer gets.
import { AppError, viewLiveEvent, viewLiveState } from '@diemcau/protocol';
import type { ErrorCode, LiveAction } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import type { PresentableDocument } from '../conduct/decision.js';
import { Driver } from '../conduct/testing.js';
import type { ActorName } from '../conduct/testing.js';

const DOC: PresentableDocument = {
  documentId: 'doc_bao_cao_11',
  versionId: 'dv_bao_cao_11a',
  title: 'Báo cáo tình hình kinh tế – xã hội tháng 11',
  pageCount: 12,
};
const OPEN: LiveAction = {
  type: 'present.open',
  documentId: DOC.documentId,
  versionId: DOC.versionId,
  page: 1,
};

function codeOf(f: () => unknown): ErrorCode | 'none' {
  try {
    f();
    return 'none';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

function presenting(who: ActorName = 'chair'): Driver {
  const d = new Driver();
  d.act(who, OPEN, { presentDocument: DOC });
  return d;
}

describe('present.open', () => {
  it('the chair opens a document for everyone at the given page', () => {
    const d = presenting();
    expect(d.last.events).toEqual([
      {
        type: 'present.opened',
        presentation: {
          ...DOC,
          page: 1,
          presenterKey: 'person:p_chair',
          presenterName: 'Hội trường UBND phường – Nguyễn Thị Hồng Nhung',
          startedAt: d.now.toISOString(),
        },
      },
    ]);
    expect(d.state.presentation?.page).toBe(1);
  });

  it.each(['on', 'kp1', 'guest', 'yen'] as const)('is forbidden to %s', (who) => {
    const d = new Driver();
    expect(codeOf(() => d.act(who, OPEN, { presentDocument: DOC }))).toBe('forbidden');
    expect(d.state.presentation).toBeNull();
  });

  it('an invitee with the presenter role may open when nobody presents, not over someone else', () => {
    const d = new Driver();
    d.act('on', OPEN, { presentDocument: DOC, role: 'presenter' });
    expect(d.state.presentation?.presenterKey).toBe('person:p_on');
    const other = presenting('chair');
    expect(codeOf(() => other.act('on', OPEN, { presentDocument: DOC, role: 'presenter' }))).toBe(
      'wrong_state',
    );
  });

  it('refuses a page past the end and never decides without the checked document', () => {
    const d = new Driver();
    expect(codeOf(() => d.act('chair', { ...OPEN, page: 13 }, { presentDocument: DOC }))).toBe(
      'validation_failed',
    );
    expect(codeOf(() => d.act('chair', OPEN))).toBe('internal');
    expect(
      codeOf(() => d.act('chair', OPEN, { presentDocument: { ...DOC, versionId: 'dv_other_version' } })),
    ).toBe('internal');
  });
});

describe('turning pages', () => {
  it('the presenter turns pages; the same page again stores nothing', () => {
    const d = presenting();
    d.act('chair', { type: 'present.page', page: 3 });
    expect(d.state.presentation?.page).toBe(3);
    expect(d.act('chair', { type: 'present.page', page: 3 }).events).toEqual([]);
    expect(codeOf(() => d.act('chair', { type: 'present.page', page: 13 }))).toBe('validation_failed');
  });

  it('the secretary may turn the chair’s pages; delegates and points may not', () => {
    const d = presenting();
    d.act('secretary', { type: 'present.page', page: 2 });
    expect(d.state.presentation?.page).toBe(2);
    for (const who of ['on', 'kp1', 'guest'] as const)
      expect(codeOf(() => d.act(who, { type: 'present.page', page: 4 }))).toBe('forbidden');
  });

  it('nothing to turn without a presentation', () => {
    const d = new Driver();
    expect(codeOf(() => d.act('chair', { type: 'present.page', page: 2 }))).toBe('wrong_state');
    expect(codeOf(() => d.act('chair', { type: 'present.close' }))).toBe('wrong_state');
  });
});

describe('handing over', () => {
  it('the chair hands the controls to a bridge point, which then turns pages and closes', () => {
    const d = presenting();
    d.act('chair', { type: 'present.handover', actorKey: 'point:bp_kp1' });
    expect(d.state.presentation).toMatchObject({ presenterKey: 'point:bp_kp1', page: 1 });
    d.act('kp1', { type: 'present.page', page: 5 });
    expect(d.state.presentation?.page).toBe(5);
    // kp2 was not handed anything.
    expect(codeOf(() => d.act('kp2', { type: 'present.page', page: 6 }))).toBe('forbidden');
    d.act('kp1', { type: 'present.close' });
    expect(d.state.presentation).toBeNull();
  });

  it('only moderators hand over, only to someone in the room; null takes it back', () => {
    const d = presenting();
    d.act('chair', { type: 'present.handover', actorKey: 'point:bp_kp1' });
    expect(codeOf(() => d.act('kp1', { type: 'present.handover', actorKey: 'point:bp_kp2' }))).toBe(
      'forbidden',
    );
    expect(codeOf(() => d.act('chair', { type: 'present.handover', actorKey: 'point:bp_kp9' }))).toBe(
      'not_found',
    );
    d.act('chair', { type: 'present.handover', actorKey: null });
    expect(d.state.presentation?.presenterKey).toBe('person:p_chair');
    expect(codeOf(() => d.act('kp1', { type: 'present.page', page: 2 }))).toBe('forbidden');
  });
});

describe('what viewers get', () => {
  it('everyone sees the presentation in the snapshot and every event', () => {
    const d = presenting();
    const paged = d.act('chair', { type: 'present.page', page: 4 }).events[0];
    if (!paged) throw new Error('no event');
    const viewer = { key: 'point:bp_kp1', moderator: false };
    expect(viewLiveState(d.state, viewer).presentation).toEqual(d.state.presentation);
    expect(viewLiveEvent({ seq: d.state.seq, event: paged }, d.state, viewer)).toEqual({
      seq: d.state.seq,
      event: paged,
    });
  });

  it('ending the meeting ends the presentation; nothing can be presented after', () => {
    const d = presenting();
    d.act('chair', { type: 'meeting.end' });
    expect(d.state.presentation).toBeNull();
    expect(codeOf(() => d.act('chair', OPEN, { presentDocument: DOC }))).toBe('wrong_state');
  });
});
