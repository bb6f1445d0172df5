// Follow-up statistics per organization unit, for the ward's board and the reports engineer:
// tasks of issued notices due in a range, counted as done, open and (of those open) overdue.
import type { Db } from '../db/database.js';
import { vnDay } from './dates.js';

export interface OrgTaskStats {
  orgUnitId: string;
  /** done + open (cancelled tasks are not counted at all). */
  total: number;
  done: number;
  /** Open tasks whose due day has passed (a subset of `open`). */
  overdue: number;
  /** Not done and not cancelled (open or in progress). */
  open: number;
}

/** A day YYYY-MM-DD as is; an ISO instant as its day in Asia/Ho_Chi_Minh. */
const asDay = (s: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? s : vnDay(new Date(s)));

/**
 * Tasks whose due day falls in [from, to] (days, inclusive; ISO instants are taken as their
 * Vietnam day), grouped by the assigned organization unit. A task assigned to a person counts for
 * the person's primary neighborhood membership (the `neighborhood` organization they belong to
 * with the lowest sort order), else their first membership of any kind; a person without any
 * membership is not counted. Sorted by unit id.
 */
export async function taskStatsByOrg(
  db: Db,
  range: { from: string; to: string },
  now: Date,
): Promise<OrgTaskStats[]> {
  const from = asDay(range.from);
  const to = asDay(range.to);
  const today = vnDay(now);
  const tasks = await db
    .selectFrom('notice_tasks as t')
    .innerJoin('notices as n', 'n.id', 't.notice_id')
    .select(['t.assignee_org_id', 't.assignee_person_id', 't.status', 't.due_date'])
    .where('n.status', '=', 'issued')
    .where('t.status', '!=', 'cancelled')
    .where('t.due_date', '>=', from)
    .where('t.due_date', '<=', to)
    .execute();
  const personIds = [
    ...new Set(
      tasks.flatMap((t) =>
        t.assignee_org_id === null && t.assignee_person_id ? [t.assignee_person_id] : [],
      ),
    ),
  ];
  const unitOfPerson = await primaryUnits(db, personIds);
  const byOrg = new Map<string, OrgTaskStats>();
  for (const t of tasks) {
    const unit = t.assignee_org_id ?? unitOfPerson.get(t.assignee_person_id ?? '');
    if (unit === undefined) continue;
    const row = byOrg.get(unit) ?? { orgUnitId: unit, total: 0, done: 0, overdue: 0, open: 0 };
    row.total += 1;
    if (t.status === 'done') row.done += 1;
    else {
      row.open += 1;
      if (t.due_date < today) row.overdue += 1;
    }
    byOrg.set(unit, row);
  }
  return [...byOrg.values()].sort((a, b) =>
    a.orgUnitId < b.orgUnitId ? -1 : a.orgUnitId > b.orgUnitId ? 1 : 0,
  );
}

/** Each person's primary unit: a neighborhood first, then by sort order and id. */
async function primaryUnits(db: Db, personIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['m.person_id', 'm.organization_id', 'm.sort_order', 'o.kind'])
    .where('m.person_id', 'in', personIds)
    .execute();
  const rank = (r: (typeof rows)[number]): [number, number, string] => [
    r.kind === 'neighborhood' ? 0 : 1,
    Number(r.sort_order),
    r.organization_id,
  ];
  const sorted = [...rows].sort((a, b) => {
    const [ka, kb] = [rank(a), rank(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || (ka[2] < kb[2] ? -1 : ka[2] > kb[2] ? 1 : 0);
  });
  for (const r of sorted) if (!out.has(r.person_id)) out.set(r.person_id, r.organization_id);
  return out;
}
