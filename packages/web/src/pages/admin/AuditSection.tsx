// The audit log: filter by action, user and date range (days in Vietnam time), newest first, one
// page at a time with "Xem cũ hơn".
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { listAudit, type AuditFilter } from '../../lib/api/auth';
import { AUDIT_ACTIONS, type AuditEntryView } from '../../lib/api/contract';
import { formatDateTime, vnToInstant } from '../../lib/vntime';
import { LoadState } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';

const PAGE = 50;

const detailText = (d: Record<string, unknown>): string =>
  Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');

export function AuditSection(): ReactElement {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState({ action: '', actor: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({ limit: PAGE });
  const [pages, setPages] = useState<string[]>([]);
  const before = pages[pages.length - 1];
  const query = { ...filter, ...(before ? { before } : {}) };
  const load = useLoad((s) => listAudit(query, s), JSON.stringify(query));

  const apply = (e: FormEvent): void => {
    e.preventDefault();
    setPages([]);
    setFilter({
      limit: PAGE,
      ...(draft.action ? { action: draft.action } : {}),
      ...(draft.actor.trim() ? { actor: draft.actor.trim() } : {}),
      ...(draft.from ? { from: vnToInstant(draft.from, '00:00') ?? undefined } : {}),
      ...(draft.to
        ? { to: new Date(Date.parse(vnToInstant(draft.to, '00:00') ?? '') + 86_400_000).toISOString() }
        : {}),
    });
  };
  const entries: AuditEntryView[] = load.data?.entries ?? [];
  return (
    <div className="admin-section">
      <form className="card filters" onSubmit={apply} data-testid="audit-filters">
        <div className="field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select
            id="audit-action"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          >
            <option value="">{t('audit.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`auditAction.${a.replace('.', '_')}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.actor')}</label>
          <input
            id="audit-actor"
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input
            id="audit-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input
            id="audit-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <button type="submit" className="btn btn--primary">
          {t('audit.apply')}
        </button>
      </form>
      <LoadState status={load.status} error={load.error} />
      <div className="table-wrap">
        <table className="table table--dense" data-testid="audit-table">
          <caption className="sr-only">{t('admin.nhat-ky')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.ip')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
                </td>
                <td>{t(`auditAction.${e.action.replace('.', '_')}`)}</td>
                <td>{e.actor.label}</td>
                <td>{e.target ? `${e.target.type} ${e.target.id}` : '—'}</td>
                <td>{e.ip}</td>
                <td className="cell-detail">{detailText(e.detail)}</td>
              </tr>
            ))}
            {load.status === 'ok' && entries.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  {t('audit.empty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="row pager">
        <button
          type="button"
          className="btn btn--ghost"
          disabled={pages.length === 0}
          onClick={() => setPages(pages.slice(0, -1))}
        >
          {t('audit.newer')}
        </button>
        <span className="muted" aria-live="polite">
          {t('audit.page', { n: pages.length + 1 })}
        </span>
        <button
          type="button"
          className="btn btn--ghost"
          disabled={!load.data?.nextBefore}
          onClick={() => load.data?.nextBefore && setPages([...pages, load.data.nextBefore])}
          data-testid="audit-older"
        >
          {t('audit.older')}
        </button>
      </div>
    </div>
  );
}
