// Rules of a meeting that both sides compute the same way: who counts as present, whether there
// is a quorum, who may vote, and the result of a vote from its counts.
import type { LiveState, QuorumRule, Vote, VoteResult } from './schema.js';

/** Meeting roles that count for quorum and may vote in a person-scope vote. */
export const VOTING_ROLES: ReadonlySet<string> = new Set(['chair', 'secretary', 'delegate', 'presenter']);

export type PersonAttendanceStatus = 'present' | 'left' | 'absent_with_reason' | 'absent';

export interface PersonAttendanceRow {
  personId: string;
  name: string;
  role: string;
  status: PersonAttendanceStatus;
  /** Where they were counted: their own device, or the bridge point that ticked them. */
  via: 'device' | 'point' | null;
  bridgePointId: string | null;
  arrivedAt: string | null;
  leftAt: string | null;
  reason: string | null;
}

export interface AttendanceSummary {
  persons: PersonAttendanceRow[];
  /** Invited voting members present (own device or ticked by a point). */
  membersPresent: number;
  membersInvited: number;
  /** Everyone in the meeting: head counts of the rooms plus persons on their own devices. */
  totalPresent: number;
  quorum: { required: number; met: boolean; rule: QuorumRule };
}

/** How many are needed out of `n` for a quorum rule. */
export function quorumRequired(rule: QuorumRule, n: number): number {
  switch (rule.kind) {
    case 'none':
      return 0;
    case 'more_than_half':
      return Math.floor(n / 2) + 1;
    case 'two_thirds':
      return Math.ceil((2 * n) / 3);
    case 'at_least':
      return rule.count;
  }
}

/** Attendance per invited person, totals and quorum, from the state. */
export function summarizeAttendance(s: LiveState): AttendanceSummary {
  const ticked = new Map<string, string>();
  for (const p of Object.values(s.points))
    if (p.disconnectedAt === null || p.reportedAt !== null)
      for (const id of p.presentPersonIds) ticked.set(id, p.bridgePointId);
  const persons: PersonAttendanceRow[] = s.context.invited.map((inv) => {
    const own = s.persons[inv.personId];
    const point = ticked.get(inv.personId) ?? null;
    const base = { personId: inv.personId, name: inv.name, role: inv.role, reason: inv.reason };
    if (own && own.leftAt === null)
      return {
        ...base,
        status: 'present',
        via: 'device',
        bridgePointId: null,
        arrivedAt: own.arrivedAt,
        leftAt: null,
      };
    if (point !== null)
      return {
        ...base,
        status: 'present',
        via: 'point',
        bridgePointId: point,
        arrivedAt: s.points[point]?.reportedAt ?? null,
        leftAt: null,
      };
    if (own)
      return {
        ...base,
        status: 'left',
        via: 'device',
        bridgePointId: null,
        arrivedAt: own.arrivedAt,
        leftAt: own.leftAt,
      };
    const excused = inv.rsvp === 'absent_with_reason' || inv.rsvp === 'declined';
    return {
      ...base,
      status: excused ? 'absent_with_reason' : 'absent',
      via: null,
      bridgePointId: null,
      arrivedAt: null,
      leftAt: null,
    };
  });
  const members = persons.filter((p) => VOTING_ROLES.has(p.role));
  const membersPresent = members.filter((p) => p.status === 'present').length;
  // NOTE: a room's head count includes the invitees ticked there; persons on their own devices
  // are added unless a point also counted them (someone who walked into a bridge-point room).
  let totalPresent = 0;
  for (const p of Object.values(s.points))
    if (p.disconnectedAt === null || p.reportedAt !== null) totalPresent += p.headCount;
  for (const p of Object.values(s.persons))
    if (p.leftAt === null && !ticked.has(p.personId)) totalPresent += 1;
  const n = members.length;
  const required = quorumRequired(s.quorum, n);
  const counted = n > 0 ? membersPresent : totalPresent;
  return {
    persons,
    membersPresent,
    membersInvited: n,
    totalPresent,
    quorum: { required, met: counted >= required, rule: s.quorum },
  };
}

/**
 * Voters entitled to vote: for a person-scope vote the invited voting members, or (a meeting
 * without a list) everyone present; for a point-scope vote the heads counted in the rooms.
 */
export function eligibleVoters(s: LiveState, vote: Pick<Vote, 'scope'>): number {
  const summary = summarizeAttendance(s);
  if (vote.scope === 'point') {
    let heads = 0;
    for (const p of Object.values(s.points)) heads += p.headCount;
    return heads;
  }
  return summary.membersInvited > 0 ? summary.membersInvited : summary.totalPresent;
}

/**
 * The result of a vote from its counts per option. `cast` includes abstentions ("không biểu
 * quyết"): they count toward the quorum but not toward "yes".
 */
export function computeVoteResult(
  vote: Pick<Vote, 'kind' | 'majority' | 'quorum' | 'options'>,
  counts: Record<string, number>,
  eligible: number,
): VoteResult {
  const normalized: Record<string, number> = {};
  let cast = 0;
  for (const o of vote.options) {
    const n = counts[o.id] ?? 0;
    normalized[o.id] = n;
    cast += n;
  }
  const effectiveEligible = Math.max(eligible, cast);
  const quorumMet = cast >= quorumRequired(vote.quorum, effectiveEligible);
  if (vote.kind !== 'motion')
    return { counts: normalized, cast, eligible: effectiveEligible, quorumMet, passed: null };
  const yes = normalized.yes ?? 0;
  const no = normalized.no ?? 0;
  let majority: boolean;
  switch (vote.majority) {
    case 'simple':
      majority = yes > no;
      break;
    case 'more_than_half_eligible':
      majority = yes * 2 > effectiveEligible;
      break;
    case 'two_thirds_eligible':
      majority = yes * 3 >= effectiveEligible * 2 && yes > 0;
      break;
  }
  return { counts: normalized, cast, eligible: effectiveEligible, quorumMet, passed: quorumMet && majority };
}

/** Counts of a vote from what the state holds (named ballots and point counts; not secret ones). */
export function countVisibleBallots(vote: Vote): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of vote.options) counts[o.id] = 0;
  if (vote.ballots) for (const opt of Object.values(vote.ballots)) counts[opt] = (counts[opt] ?? 0) + 1;
  if (vote.pointCounts)
    for (const pc of Object.values(vote.pointCounts))
      for (const [opt, n] of Object.entries(pc)) counts[opt] = (counts[opt] ?? 0) + n;
  return counts;
}

/** "<bridge point> – <person>" (or the one that exists). */
export function speakerLabel(point: string | null, person: string | null): string {
  if (point && person && point !== person) return `${point} – ${person}`;
  return person ?? point ?? '';
}
