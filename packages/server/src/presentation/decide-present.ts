// Who may present a document to the room and turn its pages: one pure decide function for the
// `present.*` actions, in the style of conduct/decide-*.ts (no I/O; the session stores the events).
//
// NOTE: the rule, chosen to fit a ward meeting: the chair and the secretary (moderators) may always
// open, turn, close and hand over; an invitee whose meeting role is "presenter" (báo cáo viên of a
// training) may open a document when nobody else presents; and whoever presents now (the opener, or
// the participant the chair handed it to with `present.handover`) turns the pages, points and
// closes. The floor holder gets nothing by default: a speech from a neighborhood office is often
// not about a document, and the chair hands the controls over with one click when it is.
import { AppError, speakerLabel } from '@diemcau/protocol';
import type { LiveAction, LiveEvent, LiveState } from '@diemcau/protocol';
import type { DecideContext, Decision } from '../conduct/decision.js';
import { wrongState } from '../conduct/decision.js';

type PresentAction = Extract<
  LiveAction,
  { type: 'present.open' | 'present.page' | 'present.close' | 'present.handover' }
>;

const ok = (events: LiveEvent[]): Decision => ({ events, effects: [] });

/** Does this actor control the presentation now (turn pages, point, close)? */
export function controlsPresentation(
  state: LiveState,
  ctx: Pick<DecideContext, 'moderator' | 'actor'>,
): boolean {
  return ctx.moderator || (state.presentation !== null && state.presentation.presenterKey === ctx.actor.key);
}

/** Decides one presentation action. Throws forbidden, wrong_state, not_found or validation_failed. */
export function decidePresent(
  state: LiveState,
  action: PresentAction,
  ctx: DecideContext,
  at: string,
): Decision {
  switch (action.type) {
    case 'present.open':
      return open(state, action, ctx, at);
    case 'present.page': {
      const p = requireOpen(state);
      if (!controlsPresentation(state, ctx))
        throw AppError.forbidden('only the presenter, the chair or the secretary may turn the pages');
      checkPage(action.page, p.pageCount);
      return ok(action.page === p.page ? [] : [{ type: 'present.paged', page: action.page, at }]);
    }
    case 'present.close':
      requireOpen(state);
      if (!controlsPresentation(state, ctx))
        throw AppError.forbidden('only the presenter, the chair or the secretary may stop the presentation');
      return ok([{ type: 'present.closed', at }]);
    case 'present.handover': {
      requireOpen(state);
      if (!ctx.moderator)
        throw AppError.forbidden('only the chair or the secretary may hand the presentation over');
      if (action.actorKey === null || action.actorKey === ctx.actor.key)
        return ok([{ type: 'present.handed', presenterKey: ctx.actor.key, presenterName: nameOf(ctx), at }]);
      const target = ctx.participants.find((p) => p.actorKey === action.actorKey);
      if (!target) throw AppError.notFound('participant', 'actorKey');
      const presenterName = clip(
        speakerLabel(target.bridgePoint ?? null, target.name ?? null) || target.actorKey,
      );
      return ok([{ type: 'present.handed', presenterKey: target.actorKey, presenterName, at }]);
    }
  }
}

function open(
  state: LiveState,
  action: Extract<PresentAction, { type: 'present.open' }>,
  ctx: DecideContext,
  at: string,
): Decision {
  const current = state.presentation;
  const mayOpen =
    ctx.moderator || (current === null ? ctx.role === 'presenter' : current.presenterKey === ctx.actor.key);
  if (!mayOpen) {
    if (current !== null && ctx.role === 'presenter') throw wrongState('someone else is presenting');
    throw AppError.forbidden('only the presenter, the chair or the secretary may present a document');
  }
  const doc = ctx.presentDocument;
  // NOTE: the session loads and checks the document before deciding; without it nothing is shown.
  if (!doc || doc.documentId !== action.documentId || doc.versionId !== action.versionId)
    throw AppError.internal(new Error('present.open decided without its document'));
  checkPage(action.page, doc.pageCount);
  return ok([
    {
      type: 'present.opened',
      presentation: {
        documentId: doc.documentId,
        versionId: doc.versionId,
        title: doc.title,
        page: action.page,
        pageCount: doc.pageCount,
        presenterKey: ctx.actor.key,
        presenterName: nameOf(ctx),
        startedAt: at,
      },
    },
  ]);
}

function requireOpen(state: LiveState): NonNullable<LiveState['presentation']> {
  if (!state.presentation) throw wrongState('no document is being presented');
  return state.presentation;
}

function checkPage(page: number, pageCount: number | null): void {
  if (pageCount !== null && page > pageCount)
    throw AppError.validation(`the document has ${pageCount} pages`, 'page');
}

/** "<point> – <person>", cut to the length of a label. */
const clip = (s: string): string => (s.length > 160 ? s.slice(0, 160) : s);
const nameOf = (ctx: DecideContext): string => clip(speakerLabel(ctx.actor.bridgePoint, ctx.actor.name));
