// Votes, polls and quizzes as the screens need them: who may cast or count, progress, the rows of
// a result chart, and the chair's "open a vote" form turned into a valid action.
import {
  countVisibleBallots,
  eligibleVoters,
  type LiveAction,
  type LiveState,
  type MajorityRule,
  type Vote,
  type VoteKind,
  type VoteScope,
} from '@diemcau/protocol';
import { pointIdOf } from './live-logic';

/** A person-scope ballot: open, and this actor (a person or an account, not a point or guest) has not voted. */
export function canCast(vote: Vote, selfKey: string | undefined): boolean {
  return (
    vote.status === 'open' &&
    vote.scope === 'person' &&
    selfKey !== undefined &&
    (selfKey.startsWith('person:') || selfKey.startsWith('user:')) &&
    !vote.voters.includes(selfKey)
  );
}

/** A point-scope vote this client's bridge point may type its show-of-hands counts for. */
export function canCount(vote: Vote, selfKey: string | undefined): boolean {
  return vote.status === 'open' && vote.scope === 'point' && pointIdOf(selfKey) !== null;
}

export interface VoteProgress {
  voted: number;
  /** Voters (person scope) or bridge points (point scope) expected. */
  expected: number;
}

/** "x/y đã biểu quyết": ballots (or points that sent counts) against those expected. */
export function voteProgress(s: LiveState, vote: Vote): VoteProgress {
  const voted = vote.voters.length;
  if (vote.scope === 'point') {
    const connected = Object.values(s.points).filter(
      (p) => p.connectedAt !== null && p.disconnectedAt === null,
    );
    const expected = s.context.points.length > 0 ? s.context.points.length : connected.length;
    return { voted, expected: Math.max(expected, voted) };
  }
  return { voted, expected: Math.max(eligibleVoters(s, vote), voted) };
}

export interface ResultRow {
  optionId: string;
  label: string;
  count: number;
  /** Share of the ballots cast, 0–100, rounded. */
  percent: number;
  correct: boolean;
}

/**
 * The rows of a vote's chart: the published result, or (for moderators before publication) the
 * counts the state holds — named ballots and point counts; null when nothing can be shown.
 */
export function resultRows(vote: Vote): ResultRow[] | null {
  const counts = vote.result?.counts ?? (vote.secret ? null : countVisibleBallots(vote));
  if (!counts) return null;
  const cast = vote.options.reduce((n, o) => n + (counts[o.id] ?? 0), 0);
  return vote.options.map((o) => {
    const count = counts[o.id] ?? 0;
    return {
      optionId: o.id,
      label: o.label,
      count,
      percent: cast > 0 ? Math.round((count * 100) / cast) : 0,
      correct: vote.correctOptionId === o.id,
    };
  });
}

/** Whether the live counts are worth showing before publication (moderators, not secret, any data). */
export function hasLiveCounts(vote: Vote): boolean {
  if (vote.secret || vote.status === 'published') return false;
  const named = vote.ballots !== null && Object.keys(vote.ballots).length > 0;
  const points = vote.pointCounts !== null && Object.keys(vote.pointCounts).length > 0;
  return named || points;
}

/** The vote that matters now: an open one, else the latest closed or published one. */
export function currentVote(s: LiveState): Vote | null {
  const open = s.votes.filter((v) => v.status === 'open');
  if (open.length > 0) return open.at(-1) ?? null;
  return s.votes.at(-1) ?? null;
}

export interface VoteForm {
  title: string;
  kind: VoteKind;
  secret: boolean;
  scope: VoteScope;
  majority: MajorityRule;
  /** Poll and quiz options, one per line in the form. */
  options: string[];
  /** Quizzes: index of the right answer in `options`. */
  correct: number | null;
}

export const emptyVoteForm = (): VoteForm => ({
  title: '',
  kind: 'motion',
  secret: false,
  scope: 'person',
  majority: 'more_than_half_eligible',
  options: ['', ''],
  correct: null,
});

export type VoteFormResult =
  | { ok: true; action: Extract<LiveAction, { type: 'vote.open' }> }
  | { ok: false; field: 'title' | 'options' | 'correct' };

/** Checks the form and builds the `vote.open` action (motions use the standard three options). */
export function voteOpenAction(form: VoteForm): VoteFormResult {
  const title = form.title.trim();
  if (title === '') return { ok: false, field: 'title' };
  const base = { type: 'vote.open' as const, title, kind: form.kind, secret: form.secret, scope: form.scope };
  if (form.kind === 'motion') return { ok: true, action: { ...base, majority: form.majority } };
  const filled = form.options.map((o, i) => ({ text: o.trim(), i })).filter((o) => o.text !== '');
  if (filled.length < 2 || filled.length > 10) return { ok: false, field: 'options' };
  const options = filled.map((o) => o.text);
  if (form.kind === 'quiz') {
    const correct = filled.findIndex((o) => o.i === form.correct);
    if (correct === -1) return { ok: false, field: 'correct' };
    return { ok: true, action: { ...base, options, correctOption: correct } };
  }
  return { ok: true, action: { ...base, options } };
}

/** Parses a show-of-hands count typed by an operator: a whole number from 0 to 10 000, else null. */
export function parseCount(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n <= 10_000 ? n : null;
}
