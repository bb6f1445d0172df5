// A participant's connection quality as a small badge: signal bars (1–3 filled) plus a word, and a
// full sentence for screen readers, so the level never rests on colour alone.
import type { QualityLevel } from '@diemcau/protocol';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useNetwork } from './network-context';

const BARS: Record<QualityLevel, number> = { good: 3, fair: 2, poor: 1, unknown: 0 };

function SignalBars({ level }: { level: QualityLevel }): ReactElement {
  const filled = BARS[level];
  return (
    <svg width="1em" height="1em" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {[0, 1, 2].map((i) => (
        <rect
          key={i}
          x={1 + i * 5}
          y={10 - i * 4}
          width={4}
          height={5 + i * 4}
          rx={1}
          fill={i < filled ? 'currentColor' : 'none'}
          stroke="currentColor"
          strokeWidth={1.2}
          strokeDasharray={level === 'unknown' ? '2 1.5' : undefined}
        />
      ))}
    </svg>
  );
}

interface QualityBadgeProps {
  level: QualityLevel;
  /** Whose connection (for the spoken label). */
  name: string;
  /** Only the bars, with the word for screen readers only (tight places like small tiles). */
  compact?: boolean;
}

export function QualityBadge({ level, name, compact = false }: QualityBadgeProps): ReactElement {
  const { t } = useTranslation();
  const word = t(`network.quality_${level}`);
  return (
    <span
      className={`quality quality--${level}`}
      role="img"
      aria-label={t('network.qualityLabel', { name, level: word })}
      title={t('network.qualityLabel', { name, level: word })}
      data-testid="quality-badge"
      data-level={level}
    >
      <SignalBars level={level} />
      {!compact && (
        <span className="quality__text" aria-hidden="true">
          {word}
        </span>
      )}
    </span>
  );
}

/** The badge of one participant, with the level from the room's network state. */
export function ParticipantQuality({
  participantId,
  name,
  compact,
}: {
  participantId: string;
  name: string;
  compact?: boolean;
}): ReactElement {
  const network = useNetwork();
  return <QualityBadge level={network?.levels[participantId] ?? 'unknown'} name={name} compact={compact} />;
}
