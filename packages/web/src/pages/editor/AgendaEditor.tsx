// The agenda of a meeting: items with title, presenter (a person or free text) and planned
// minutes; add, remove, move up/down with buttons (never drag-only); a running total.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonView } from '../../lib/api/contract';
import type { FieldErrors } from '../../lib/form-errors';
import { agendaTotal, moveItem, newAgendaRow, type AgendaRow } from '../../lib/meeting-form';
import { Field } from '../../ui/form';

interface Props {
  rows: AgendaRow[];
  people: PersonView[];
  errors: FieldErrors;
  durationMinutes: number;
  onChange: (rows: AgendaRow[]) => void;
}

const focusLater = (selector: string): void => {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
};

export function AgendaEditor({ rows, people, errors, durationMinutes, onChange }: Props): ReactElement {
  const { t } = useTranslation();
  const [announce, setAnnounce] = useState('');
  const total = agendaTotal(rows);
  const set = (i: number, patch: Partial<AgendaRow>): void =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, dir: -1 | 1): void => {
    onChange(moveItem(rows, i, dir));
    const title = rows[i]?.title || t('editor.agendaItem', { n: i + 1 });
    setAnnounce(t('editor.agendaMoved', { title, n: i + dir + 1 }));
    focusLater(`#agenda-${i + dir}-${dir < 0 ? 'up' : 'down'}`);
  };
  const remove = (i: number): void => {
    onChange(rows.filter((_, j) => j !== i));
    setAnnounce(t('editor.agendaRemoved', { n: i + 1 }));
    focusLater('[data-testid="agenda-add"]');
  };
  const add = (): void => {
    onChange([...rows, newAgendaRow()]);
    focusLater(`[data-testid="agenda-title-${rows.length}"]`);
  };
  return (
    <div className="agenda-editor">
      <ol className="agenda-editor__list">
        {rows.map((r, i) => (
          <li key={r.key} className="agenda-row" data-testid="agenda-row">
            <span className="agenda-row__n" aria-hidden="true">
              {i + 1}
            </span>
            <Field
              label={t('editor.agendaTitle', { n: i + 1 })}
              error={errors[`agenda.${i}.title`]}
              className="agenda-row__title"
            >
              <input
                value={r.title}
                onChange={(e) => set(i, { title: e.target.value })}
                data-testid={`agenda-title-${i}`}
              />
            </Field>
            <Field label={t('editor.presenter')}>
              <select
                value={r.presenterPersonId ?? ''}
                onChange={(e) => set(i, { presenterPersonId: e.target.value || null })}
                data-testid={`agenda-presenter-${i}`}
              >
                <option value="">{t('editor.presenterOther')}</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.fullName}
                  </option>
                ))}
              </select>
            </Field>
            {!r.presenterPersonId && (
              <Field label={t('editor.presenterLabel')}>
                <input
                  value={r.presenterLabel}
                  onChange={(e) => set(i, { presenterLabel: e.target.value })}
                />
              </Field>
            )}
            <Field
              label={t('editor.minutes')}
              error={errors[`agenda.${i}.plannedMinutes`]}
              className="agenda-row__min"
            >
              <input
                inputMode="numeric"
                value={r.plannedMinutes}
                onChange={(e) => set(i, { plannedMinutes: e.target.value.replace(/\D/g, '') })}
                data-testid={`agenda-minutes-${i}`}
              />
            </Field>
            <div className="agenda-row__tools" role="group" aria-label={t('editor.agendaItem', { n: i + 1 })}>
              <button
                type="button"
                id={`agenda-${i}-up`}
                className="btn btn--ghost"
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <span aria-hidden="true">↑ </span>
                {t('editor.moveUp')}
              </button>
              <button
                type="button"
                id={`agenda-${i}-down`}
                className="btn btn--ghost"
                disabled={i === rows.length - 1}
                onClick={() => move(i, 1)}
              >
                <span aria-hidden="true">↓ </span>
                {t('editor.moveDown')}
              </button>
              <button type="button" className="btn btn--ghost btn--danger-text" onClick={() => remove(i)}>
                {t('editor.remove')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      <div className="agenda-editor__foot">
        <button type="button" className="btn btn--ghost" onClick={add} data-testid="agenda-add">
          + {t('editor.agendaAdd')}
        </button>
        <p
          className={`agenda-total ${total > durationMinutes ? 'agenda-total--over' : ''}`}
          data-testid="agenda-total"
        >
          {t('editor.agendaTotal', { total, duration: durationMinutes })}
          {total > durationMinutes && ` — ${t('editor.agendaOver')}`}
        </p>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
    </div>
  );
}
