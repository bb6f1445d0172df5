// Reports per month and per neighborhood (báo cáo): the query, the figures, the travel settings
// (distance of each bridge point to the ward hall, ward-level rates), and number formatting shared
// by the server's PDF/XLSX and the web app. Definitions of every figure are on `ReportFigures`.
import { z } from 'zod';

/** A calendar month "YYYY-MM", in Asia/Ho_Chi_Minh. */
export const ReportMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/** The longest range one report covers (months). */
export const REPORT_MAX_MONTHS = 24;

/** Months from "YYYY-MM" to "YYYY-MM", inclusive ([] when `to` is before `from`). */
export function monthsBetween(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = fy * 12 + fm - 1; i <= ty * 12 + tm - 1; i += 1)
    out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

/** `GET /api/reports?from=YYYY-MM&to=YYYY-MM` (both months included). */
export const ReportQuerySchema = z
  .object({ from: ReportMonthSchema, to: ReportMonthSchema })
  .superRefine((q, ctx) => {
    const n = monthsBetween(q.from, q.to).length;
    if (n === 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
    else if (n > REPORT_MAX_MONTHS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${REPORT_MAX_MONTHS} months` });
  });
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

/** Ward-level rates for "travel saved" (admin-editable; defaults in migration 0014). */
export const ReportRatesSchema = z.object({
  /** Cost of travel per km per person, VND (fuel and wear of a motorbike). */
  costPerKmVnd: z.number().int().min(0).max(1_000_000),
  /** Average travel speed in the ward, km/h. */
  speedKmh: z.number().int().min(1).max(200),
  /** Value of one hour of a person's time, VND. */
  hourValueVnd: z.number().int().min(0).max(100_000_000),
});
export type ReportRates = z.infer<typeof ReportRatesSchema>;

/** Distance of a bridge point to the ward hall, km with at most one decimal. */
export const DistanceKmSchema = z
  .number()
  .min(0)
  .max(500)
  .refine((n) => Math.abs(n * 10 - Math.round(n * 10)) < 1e-9, 'at most one decimal');

export const ReportPointDistanceSchema = z.object({
  bridgePointId: z.string().min(1).max(64),
  name: z.string(),
  organizationName: z.string(),
  isMain: z.boolean(),
  distanceKm: z.number(),
});
export type ReportPointDistance = z.infer<typeof ReportPointDistanceSchema>;

/** `GET /api/reports/settings`. */
export interface ReportSettings {
  rates: ReportRates;
  points: ReportPointDistance[];
  updatedAt: string | null;
}

/** `PUT /api/reports/settings` (admins): new rates and/or distances of some points. */
export const ReportSettingsUpdateSchema = z
  .object({
    rates: ReportRatesSchema.optional(),
    distances: z
      .array(z.object({ bridgePointId: z.string().min(1).max(64), distanceKm: DistanceKmSchema }))
      .max(5000)
      .optional(),
  })
  .strict();
export type ReportSettingsUpdate = z.infer<typeof ReportSettingsUpdateSchema>;

/** Tasks of an organization unit, from the conclusions/tasks domain; null when it has no data. */
export interface ReportTasks {
  total: number;
  done: number;
  /** Not done and past their deadline at the time of the report. */
  overdue: number;
  open: number;
}

/**
 * The figures of one report row (a month, a neighborhood, or the total). Definitions:
 * - `meetings`: meetings whose log has `meeting.ended` with its time in the period (Vietnam
 *   time); in a neighborhood row, those to which one of its bridge points was invited.
 * - `invited` / `invitedPresent`: invited persons (by their usual bridge point) / those who came,
 *   on their own device or ticked at a bridge point. Attendance rate = invitedPresent / invited.
 * - `pointsInvited` / `pointsAttended`: bridge points invited / that connected or reported a roll
 *   call. `people`: head counts reported by the points, plus invitees on their own devices whose
 *   usual point is that one.
 * - `speeches`: speeches given (the floor granted), by the point the request came from.
 *   `pointsSpoke` / `pointsAttended`: points from which someone spoke / points present.
 * - `votes`: votes, polls and quizzes held. `ballotsCast` / `ballotsEligible`: named or secret
 *   ballots cast plus hands counted by the points, over the voting members invited (person
 *   votes) plus the heads counted at the points (show-of-hands votes).
 * - `travelKm` = Σ over meetings and points of people × 2 × distance to the hall (a return trip);
 *   `travelHours` = travelKm / speed; `travelCostVnd` = travelKm × cost per km;
 *   `timeValueVnd` = travelHours × value of an hour; `savedVnd` = the two together.
 * - `tasks`: from the tasks domain (by organization unit); null = no data.
 */
export interface ReportFigures {
  meetings: number;
  meetingsByType: Record<string, number>;
  invited: number;
  invitedPresent: number;
  pointsInvited: number;
  pointsAttended: number;
  people: number;
  speeches: number;
  pointsSpoke: number;
  votes: number;
  ballotsCast: number;
  ballotsEligible: number;
  travelKm: number;
  travelHours: number;
  travelCostVnd: number;
  timeValueVnd: number;
  savedVnd: number;
  tasks: ReportTasks | null;
}

export interface ReportMonthRow extends ReportFigures {
  month: string;
}

export interface ReportUnitRow extends ReportFigures {
  organizationId: string;
  organizationName: string;
  /** The unit's bridge points in this report (names). */
  points: string[];
}

/** `GET /api/reports`. */
export interface Report {
  from: string;
  to: string;
  /** `ward`: everything the caller may see; `point`: an operator's own bridge point only. */
  scope: 'ward' | 'point';
  bridgePointId: string | null;
  generatedAt: string;
  rates: ReportRates;
  months: ReportMonthRow[];
  units: ReportUnitRow[];
  totals: ReportFigures;
  /** False when no tasks source is wired: task figures read "chưa có dữ liệu". */
  tasksAvailable: boolean;
}

export const MEETING_TYPES_FOR_REPORTS = ['giao_ban', 'chi_bo', 'tap_huan', 'chuyen_de', 'hoi_nghi'] as const;

/** Ratio as a percentage with one decimal, or null when the denominator is 0. */
export function percent(n: number, d: number): number | null {
  return d > 0 ? Math.round((1000 * n) / d) / 10 : null;
}

/**
 * "1.234.567" (Vietnamese grouping with dots, comma for decimals). NOTE: by hand, not Intl, so
 * the server's PDF and the browser print the same on every ICU version.
 */
export function formatNumberVi(n: number, decimals = 0): string {
  const fixed = Math.abs(n).toFixed(decimals);
  const [int, frac] = fixed.split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${frac ? `,${frac}` : ''}`;
}

/** "1.234.000 ₫". */
export const formatVnd = (n: number): string => `${formatNumberVi(Math.round(n))} ₫`;

/** "85,7 %" or "—" when there is nothing to divide. */
export function formatPercentVi(n: number, d: number): string {
  const p = percent(n, d);
  return p === null ? '—' : `${formatNumberVi(p, 1)} %`;
}
