// Search results grouped by meeting: the meeting (type, date, MẬT mark) and under it each hit with
// its kind, its title and a snippet, matched words marked. The count is announced (aria-live).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchGroup, SearchHit, SearchKind, SearchResponse } from '@diemcau/protocol';
import { Link } from '../../app/router';
import { paths } from '../../lib/app-route';
import { searchArchive } from '../../lib/api/search';
import { formatDate, formatDateTime } from '../../lib/vntime';
import { LoadState } from '../../ui/form';
import { ConfidentialBadge, TypeBadge } from '../../ui/meeting-bits';
import { useLoad } from '../../ui/useLoad';
import { Highlighted } from './Highlighted';

/** Where a hit leads: the meeting page, or its minutes. */
function hitPath(hit: SearchHit, meetingId: string): string {
  return hit.kind === 'minutes' ? paths.meetingMinutes(meetingId) : paths.meeting(meetingId);
}

function Hit({ hit, meetingId }: { hit: SearchHit; meetingId: string }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <li className="search-hit-item" data-testid="search-hit" data-kind={hit.kind}>
      <span className="tag tag--kind">{t(`archive.kind_${hit.kind}`)}</span>{' '}
      <Link to={hitPath(hit, meetingId)}>
        <Highlighted parts={hit.title} />
      </Link>{' '}
      {hit.kind !== 'meeting' && <span className="muted">{formatDate(hit.occurredAt, i18n.language)}</span>}
      {hit.snippet.length > 0 && (
        <p data-testid="search-snippet">
          <Highlighted parts={hit.snippet} />
        </p>
      )}
    </li>
  );
}

function Group({ group }: { group: SearchGroup }): ReactElement {
  const { i18n } = useTranslation();
  const m = group.meeting;
  const headingId = `search-m-${m.id}`;
  return (
    <li className="search-group" aria-labelledby={headingId} data-testid="search-group">
      <h3 id={headingId}>
        <Link to={paths.meeting(m.id)}>{m.title}</Link>
      </h3>
      <p className="archive-card__meta">
        <TypeBadge type={m.type} />
        {m.confidential && <ConfidentialBadge />}
        <span>{formatDateTime(m.startsAt, i18n.language)}</span>
        {m.organizationName && <span className="muted">{m.organizationName}</span>}
      </p>
      <ul className="search-hits">
        {group.hits.map((h) => (
          <Hit key={`${h.kind}:${h.refId}`} hit={h} meetingId={m.id} />
        ))}
      </ul>
    </li>
  );
}

/** The results of `q` (nothing while it is empty); the live region is always in the page. */
export function SearchResults({ q, kind }: { q: string; kind: SearchKind | '' }): ReactElement {
  const { t } = useTranslation();
  const active = q.trim() !== '';
  const load = useLoad<SearchResponse | null>(
    (signal) => (active ? searchArchive(q, { kind: kind || undefined, signal }) : Promise.resolve(null)),
    `${q}\u0000${kind}`,
  );
  const data = active ? load.data : null;
  const count = data?.total ?? 0;
  const message = !active
    ? ''
    : load.status === 'loading'
      ? t('archive.searching')
      : load.status === 'ok' && data
        ? t('archive.results', { count, q: q.trim() })
        : '';
  return (
    <section aria-labelledby="search-results-title" className="search-results">
      <h2 id="search-results-title" className={active ? undefined : 'sr-only'}>
        {t('archive.resultsHeading')}
      </h2>
      <p role="status" aria-live="polite" aria-atomic="true" data-testid="search-count">
        {message}
      </p>
      {active && load.status === 'error' && <LoadState status="error" error={load.error} />}
      {data?.more && <p className="muted">{t('archive.resultsMore')}</p>}
      {data && data.groups.length > 0 && (
        <ol className="search-groups" data-testid="search-groups">
          {data.groups.map((g) => (
            <Group key={g.meeting.id} group={g} />
          ))}
        </ol>
      )}
    </section>
  );
}
