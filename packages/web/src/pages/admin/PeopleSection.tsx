// People of the ward: search without diacritics, add and edit (name, e-mail, phone) and their
// memberships with titles ("Bí thư", "Phó Chủ tịch") in any organization.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonCreateSchema, type PersonView } from '../../lib/api/contract';
import {
  createPerson,
  deletePerson,
  flattenTree,
  listOrganizations,
  listPersons,
  putMemberships,
  updatePerson,
} from '../../lib/api/org';
import { formFailure, zodFieldErrors, type FormFailure } from '../../lib/form-errors';
import { matches, sortVi } from '../../lib/search';
import { Field, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { DeleteConfirm, RowActions, EditFormCard } from './shared';

interface Draft {
  id: string | null;
  fullName: string;
  email: string;
  phone: string;
  memberships: { organizationId: string; title: string }[];
}

const toDraft = (p: PersonView | null): Draft => ({
  id: p?.id ?? null,
  fullName: p?.fullName ?? '',
  email: p?.email ?? '',
  phone: p?.phone ?? '',
  memberships: p?.memberships.map((m) => ({ organizationId: m.organizationId, title: m.title })) ?? [],
});

export function PeopleSection(): ReactElement {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const people = useLoad((s) => listPersons({}, s), 'people');
  const orgs = useLoad(listOrganizations, 'orgs');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [doomed, setDoomed] = useState<PersonView | null>(null);
  const orgList = flattenTree(orgs.data ?? []);
  const rows = sortVi(
    (people.data ?? []).filter((p) => matches(`${p.fullName} ${p.email ?? ''} ${p.phone ?? ''}`, q)),
    (p) => p.fullName,
  );

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft) return;
    const body = { fullName: draft.fullName, email: draft.email, phone: draft.phone };
    const parsed = PersonCreateSchema.safeParse(body);
    const fields = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
    draft.memberships.forEach((m, i) => {
      if (!m.organizationId) fields[`memberships.${i}`] = 'form.required';
    });
    if (Object.keys(fields).length > 0) return setFailure({ fields, general: 'form.fixErrors' });
    try {
      const id = draft.id ?? (await createPerson(body)).id;
      if (draft.id) await updatePerson(draft.id, body);
      await putMemberships(
        id,
        draft.memberships.map((m) => ({ ...m, title: m.title.trim() })),
      );
      setStatus(t('common.savedName', { name: draft.fullName }));
      setDraft(null);
      setFailure(null);
      people.reload();
    } catch (err) {
      setFailure(formFailure(err, ['fullName', 'email', 'phone']));
    }
  };
  const remove = (): void => {
    const p = doomed;
    setDoomed(null);
    if (p)
      deletePerson(p.id).then(
        () => {
          setStatus(t('common.deletedName', { name: p.fullName }));
          people.reload();
        },
        (err: unknown) => setFailure(formFailure(err, [])),
      );
  };
  const setMembership = (i: number, patch: Partial<Draft['memberships'][number]>): void => {
    if (draft)
      setDraft({
        ...draft,
        memberships: draft.memberships.map((m, j) => (j === i ? { ...m, ...patch } : m)),
      });
  };

  return (
    <div className="admin-section">
      <div className="toolbar">
        <div className="field field--inline">
          <label htmlFor="people-q">{t('people.search')}</label>
          <input
            id="people-q"
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('editor.searchPlaceholder')}
            data-testid="people-search"
          />
        </div>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setDraft(toDraft(null))}
          data-testid="person-add"
        >
          + {t('people.add')}
        </button>
      </div>
      <Status text={status} />
      {draft && (
        <EditFormCard
          name="person"
          title={draft.id ? t('people.editTitle') : t('people.addTitle')}
          failure={failure}
          onSubmit={(e) => void save(e)}
          onCancel={() => setDraft(null)}
        >
          <Field label={t('people.fullName')} error={failure?.fields.fullName}>
            <input
              value={draft.fullName}
              onChange={(e) => setDraft({ ...draft, fullName: e.target.value })}
              autoFocus
              data-testid="person-name"
            />
          </Field>
          <div className="grid-2">
            <Field label={t('people.email')} error={failure?.fields.email}>
              <input
                type="email"
                value={draft.email}
                onChange={(e) => setDraft({ ...draft, email: e.target.value })}
              />
            </Field>
            <Field label={t('people.phone')} error={failure?.fields.phone}>
              <input
                type="tel"
                value={draft.phone}
                onChange={(e) => setDraft({ ...draft, phone: e.target.value })}
              />
            </Field>
          </div>
          <fieldset className="memberships">
            <legend>{t('people.memberships')}</legend>
            {draft.memberships.map((m, i) => (
              <div className="grid-3 membership-row" key={i}>
                <Field label={t('people.organization')} error={failure?.fields[`memberships.${i}`]}>
                  <select
                    value={m.organizationId}
                    onChange={(e) => setMembership(i, { organizationId: e.target.value })}
                  >
                    <option value="">{t('editor.choose')}</option>
                    {orgList.map(({ node, depth }) => (
                      <option key={node.id} value={node.id}>
                        {'\u00a0\u00a0'.repeat(depth)}
                        {node.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('people.title')}>
                  <input
                    value={m.title}
                    onChange={(e) => setMembership(i, { title: e.target.value })}
                    placeholder={t('people.titlePlaceholder')}
                  />
                </Field>
                <button
                  type="button"
                  className="btn btn--ghost btn--danger-text"
                  onClick={() =>
                    setDraft({ ...draft, memberships: draft.memberships.filter((_, j) => j !== i) })
                  }
                >
                  {t('editor.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() =>
                setDraft({ ...draft, memberships: [...draft.memberships, { organizationId: '', title: '' }] })
              }
            >
              + {t('people.addMembership')}
            </button>
          </fieldset>
        </EditFormCard>
      )}
      <LoadState status={people.status} error={people.error} />
      <div className="table-wrap">
        <table className="table" data-testid="people-table">
          <caption className="sr-only">{t('admin.nhan-su')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('people.fullName')}</th>
              <th scope="col">{t('people.memberships')}</th>
              <th scope="col">{t('people.contact')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.fullName}</th>
                <td>
                  {p.memberships
                    .map((m) => [m.title, m.organizationName].filter(Boolean).join(', '))
                    .join('; ')}
                </td>
                <td>{[p.email, p.phone].filter(Boolean).join(' · ')}</td>
                <td className="cell-actions">
                  <RowActions
                    name={p.fullName}
                    onEdit={() => setDraft(toDraft(p))}
                    onDelete={() => setDoomed(p)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DeleteConfirm
        open={doomed !== null}
        title={t('people.deleteConfirm', { name: doomed?.fullName ?? '' })}
        onConfirm={remove}
        onCancel={() => setDoomed(null)}
      />
    </div>
  );
}
