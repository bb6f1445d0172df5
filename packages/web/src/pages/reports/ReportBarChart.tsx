// A horizontal bar chart as accessible SVG: role="img" named by its <title> and described by its
// <desc>; every bar carries its value as text; each row puts its label above its bar so that long
// Vietnamese names fit on a phone as on a hall TV. The page's tables are the data alternative.
import { useId, type ReactElement } from 'react';

export interface BarRow {
  key: string;
  label: string;
  value: number;
  /** The value as people read it ("97.500 ₫", "85,7 %"). */
  text: string;
}

/** Okabe–Ito colours: distinct for every common colour-vision deficiency, ≥ 3:1 on the paper. */
export const CHART_COLOURS = { blue: '#0072B2', vermillion: '#C2410C', green: '#007A5A' } as const;

const ROW = 54;

export function ReportBarChart({
  title,
  desc,
  rows,
  colour,
  testId,
}: {
  title: string;
  desc: string;
  rows: readonly BarRow[];
  colour: keyof typeof CHART_COLOURS;
  testId?: string;
}): ReactElement {
  const id = useId();
  const max = Math.max(1, ...rows.map((r) => r.value));
  // NOTE: widths in % of the figure (no viewBox), so text keeps the page's font size.
  const pct = (v: number): number => Math.max(0, (v / max) * 78);
  return (
    <figure className="report-chart" data-testid={testId}>
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        width="100%"
        height={rows.length * ROW + 4}
        className="report-chart__svg"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{`${desc} ${rows.map((r) => `${r.label}: ${r.text}`).join('; ')}.`}</desc>
        {rows.map((r, i) => {
          const y = i * ROW;
          const w = pct(r.value);
          return (
            <g key={r.key} data-value={r.value}>
              <text x="0" y={y + 18} className="report-chart__label">
                {r.label}
              </text>
              <rect x="0" y={y + 26} width={`${w}%`} height="20" rx="3" fill={CHART_COLOURS[colour]} />
              <line x1="0" x2="0" y1={y + 24} y2={y + 48} className="report-chart__axis" />
              <text x={`${w}%`} dx="8" y={y + 41} className="report-chart__value">
                {r.text}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="report-chart__caption">{title}</figcaption>
    </figure>
  );
}
