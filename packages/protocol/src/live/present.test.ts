// The shared reducer for the synchronized presentation: opened, paged, handed over, closed, ended
// with the meeting; events out of place change nothing; the actions and events parse on the wire.
import { describe, expect, it } from 'vitest';
import { LiveAction, LiveEvent, LiveState } from './schema.js';
import type { LiveContext, Presentation } from './schema.js';
import { applyLiveEvent, initialLiveState } from './state.js';

const CONTEXT: LiveContext = {
  meetingId: 'm1',
  title: 'Họp giao ban',
  meetingType: 'giao_ban',
  training: false,
  invited: [],
  points: [],
  agenda: [],
};
const AT = '2026-11-26T01:00:00.000Z';
const P: Presentation = {
  documentId: 'doc_bao_cao_11',
  versionId: 'dv_bao_cao_11a',
  title: 'Báo cáo tháng 11',
  page: 1,
  pageCount: 12,
  presenterKey: 'person:p_chair',
  presenterName: 'Nguyễn Thị Hồng Nhung',
  startedAt: AT,
};

describe('presentation in the live state', () => {
  it('folds open → page → handover → close', () => {
    let s = initialLiveState(CONTEXT);
    expect(s.presentation).toBeNull();
    s = applyLiveEvent(s, { seq: 1, event: { type: 'present.opened', presentation: P } });
    s = applyLiveEvent(s, { seq: 2, event: { type: 'present.paged', page: 7, at: AT } });
    expect(s.presentation).toEqual({ ...P, page: 7 });
    s = applyLiveEvent(s, {
      seq: 3,
      event: {
        type: 'present.handed',
        presenterKey: 'point:bp_kp1',
        presenterName: 'Văn phòng khu phố 1',
        at: AT,
      },
    });
    expect(s.presentation).toMatchObject({ page: 7, presenterKey: 'point:bp_kp1' });
    s = applyLiveEvent(s, { seq: 4, event: { type: 'present.closed', at: AT } });
    expect(s.presentation).toBeNull();
  });

  it('pages and handovers without a presentation change nothing; the meeting’s end closes it', () => {
    const s0 = initialLiveState(CONTEXT);
    const s1 = applyLiveEvent(s0, { seq: 1, event: { type: 'present.paged', page: 3, at: AT } });
    expect(s1.presentation).toBeNull();
    const open = applyLiveEvent(s1, { seq: 2, event: { type: 'present.opened', presentation: P } });
    const ended = applyLiveEvent(open, { seq: 3, event: { type: 'meeting.ended', at: AT } });
    expect(ended.presentation).toBeNull();
  });

  it('parses on the wire; an older snapshot without the field still parses', () => {
    expect(
      LiveAction.parse({ type: 'present.open', documentId: P.documentId, versionId: P.versionId, page: 1 }),
    ).toBeTruthy();
    expect(LiveAction.safeParse({ type: 'present.page', page: 0 }).success).toBe(false);
    expect(
      LiveAction.safeParse({ type: 'present.open', documentId: 'x', versionId: P.versionId, page: 1 })
        .success,
    ).toBe(false);
    expect(LiveEvent.parse({ type: 'present.opened', presentation: P })).toEqual({
      type: 'present.opened',
      presentation: P,
    });
    const { presentation: _p, ...old } = initialLiveState(CONTEXT);
    expect(LiveState.parse(old).presentation).toBeNull();
  });
});
