// The archive and search page (/luu-tru, /archive): a search box over meetings, documents, minutes
// and notices (with or without diacritics, results as you type), then the past meetings filtered
// by month, type and organization, each opening its record.
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { MEETING_TYPES, SEARCH_KINDS, SEARCH_QUERY_MAX } from '@diemcau/protocol';
import type { MeetingType, SearchKind } from '@diemcau/protocol';
import { listArchive } from '../../lib/api/search';
import { LoadState } from '../../ui/form';
import { MonthSelect } from '../../ui/MonthSelect';
import { useLoad } from '../../ui/useLoad';
import { ArchiveMeetingCard } from './ArchiveMeetingCard';
import { SearchResults } from './SearchResults';
import './archive.css';

/** Typing pauses this long before the search runs. */
const DEBOUNCE_MS = 300;

function PastMeetings(): ReactElement {
  const { t } = useTranslation();
  const [month, setMonth] = useState('');
  const [type, setType] = useState<MeetingType | ''>('');
  const [org, setOrg] = useState('');
  const load = useLoad(
    (signal) =>
      listArchive(
        { ...(month ? { month } : {}), ...(type ? { type } : {}), ...(org ? { organizationId: org } : {}) },
        signal,
      ),
    `${month}|${type}|${org}`,
  );
  const meetings = load.data?.meetings ?? [];
  return (
    <section aria-labelledby="archive-past-title">
      <h2 id="archive-past-title">{t('archive.pastHeading')}</h2>
      <fieldset className="archive-filters">
        <legend className="sr-only">{t('archive.filters')}</legend>
        <MonthSelect
          idPrefix="archive"
          monthLabel={t('archive.month')}
          yearLabel={t('archive.year')}
          noMonth={{ label: t('archive.monthAll'), yearHint: t('archive.yearHint') }}
          value={month}
          onChange={setMonth}
        />
        <div className="field">
          <label htmlFor="archive-type">{t('archive.type')}</label>
          <select
            id="archive-type"
            value={type}
            onChange={(e) => setType(e.target.value as MeetingType | '')}
          >
            <option value="">{t('archive.typeAll')}</option>
            {MEETING_TYPES.map((k) => (
              <option key={k} value={k}>
                {t(`meetingType.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="archive-org">{t('archive.organization')}</label>
          <select id="archive-org" value={org} onChange={(e) => setOrg(e.target.value)}>
            <option value="">{t('archive.organizationAll')}</option>
            {(load.data?.organizations ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <p role="status" aria-live="polite" data-testid="archive-count">
        {load.status === 'ok' ? t('archive.pastCount', { count: meetings.length }) : ''}
      </p>
      <LoadState status={load.status === 'loading' && load.data ? 'ok' : load.status} error={load.error} />
      <ul className="archive-list">
        {meetings.map((m) => (
          <ArchiveMeetingCard key={m.id} meeting={m} />
        ))}
      </ul>
    </section>
  );
}

export default function ArchivePage(): ReactElement {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<SearchKind | ''>('');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const id = setTimeout(() => setQuery(text), DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [text]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setQuery(text);
  };
  return (
    <section className="page archive-page">
      <h1 tabIndex={-1} ref={heading}>
        {t('archive.title')}
      </h1>
      <p className="muted">{t('archive.intro')}</p>
      <form role="search" className="archive-search" onSubmit={submit} aria-label={t('archive.searchRegion')}>
        <div className="field">
          <label htmlFor="archive-q">{t('archive.searchLabel')}</label>
          <input
            id="archive-q"
            type="search"
            value={text}
            maxLength={SEARCH_QUERY_MAX}
            placeholder={t('archive.searchPlaceholder')}
            aria-describedby="archive-q-hint"
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
            data-testid="archive-search"
          />
          <span id="archive-q-hint" className="muted">
            {t('archive.searchHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="archive-kind">{t('archive.kind')}</label>
          <select id="archive-kind" value={kind} onChange={(e) => setKind(e.target.value as SearchKind | '')}>
            <option value="">{t('archive.kindAll')}</option>
            {SEARCH_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`archive.kind_${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn--primary">
          {t('archive.searchButton')}
        </button>
      </form>
      <SearchResults q={query} kind={kind} />
      <PastMeetings />
    </section>
  );
}
