// Invited persons: search the directory by name without diacritics ("nguyen van an"), add with a
// role, change the role or remove; the list stays sorted with Vietnamese collation.
import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { INVITEE_ROLES, type InviteeRole, type PersonView } from '../../lib/api/contract';
import type { InviteeRow } from '../../lib/meeting-form';
import { matches, sortVi } from '../../lib/search';

interface Props {
  rows: InviteeRow[];
  people: PersonView[];
  error?: string | undefined;
  onChange: (rows: InviteeRow[]) => void;
}

const MAX_RESULTS = 8;

export function InviteesEditor({ rows, people, error, onChange }: Props): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const invited = new Set(rows.map((r) => r.personId));
  const results = q.trim()
    ? sortVi(
        people.filter(
          (p) =>
            !invited.has(p.id) && matches(`${p.fullName} ${p.memberships.map((m) => m.title).join(' ')}`, q),
        ),
        (p) => p.fullName,
      ).slice(0, MAX_RESULTS)
    : [];
  const add = (p: PersonView): void => {
    onChange(
      sortVi([...rows, { personId: p.id, fullName: p.fullName, role: 'delegate' }], (r) => r.fullName),
    );
    setStatus(t('editor.inviteeAdded', { name: p.fullName }));
    setQ('');
  };
  const setRole = (personId: string, role: InviteeRole): void =>
    onChange(rows.map((r) => (r.personId === personId ? { ...r, role } : r)));
  const remove = (r: InviteeRow): void => {
    onChange(rows.filter((x) => x.personId !== r.personId));
    setStatus(t('editor.inviteeRemoved', { name: r.fullName }));
  };
  return (
    <div className="invitees">
      <div className="field">
        <label htmlFor={`${id}-q`}>{t('editor.searchPerson')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('editor.searchPlaceholder')}
          aria-describedby={`${id}-hint`}
          autoComplete="off"
          data-testid="invitee-search"
        />
        <p className="field__hint" id={`${id}-hint`}>
          {t('editor.searchHint')}
        </p>
      </div>
      {q.trim() && (
        <ul className="search-results" aria-label={t('editor.searchResults')} data-testid="invitee-results">
          {results.length === 0 && <li className="muted">{t('editor.noResults')}</li>}
          {results.map((p) => (
            <li key={p.id}>
              <button type="button" className="btn btn--ghost search-results__btn" onClick={() => add(p)}>
                <span>{p.fullName}</span>
                <span className="muted">
                  {p.memberships.map((m) => `${m.title} ${m.organizationName}`.trim()).join('; ')}
                </span>
                <span className="search-results__add">+ {t('editor.invite')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field__error">{t(error)}</p>}
      {rows.length > 0 && (
        <table className="table invitees__table">
          <caption className="sr-only">{t('editor.invitees')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('editor.person')}</th>
              <th scope="col">{t('editor.role')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.personId} data-testid="invitee-row">
                <th scope="row">{r.fullName}</th>
                <td>
                  <select
                    aria-label={t('editor.roleOf', { name: r.fullName })}
                    value={r.role}
                    onChange={(e) => setRole(r.personId, e.target.value as InviteeRole)}
                  >
                    {INVITEE_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`inviteeRole.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" className="btn btn--ghost" onClick={() => remove(r)}>
                    {t('editor.remove')}
                    <span className="sr-only"> {r.fullName}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
