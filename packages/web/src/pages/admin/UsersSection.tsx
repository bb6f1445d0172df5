// Accounts: create with roles (and the bridge point of an operator), change roles, disable,
// reset the password (the temporary one is shown once), and sign the account out everywhere.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { createUser, listUsers, resetPassword, signOutEverywhere, updateUser } from '../../lib/api/auth';
import {
  ACCOUNT_ROLES,
  AdminUserCreateSchema,
  type AccountRoleName,
  type AdminUserView,
} from '../../lib/api/contract';
import { listBridgePoints, listPersons } from '../../lib/api/org';
import { formFailure, zodFieldErrors, type FormFailure } from '../../lib/form-errors';
import { sortVi } from '../../lib/search';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyField } from '../../ui/CopyField';
import { Field, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { RowButton, EditFormCard } from './shared';

interface Draft {
  id: string | null;
  username: string;
  password: string;
  personId: string;
  roles: AccountRoleName[];
  bridgePointId: string;
}

type Pending = { kind: 'reset' | 'signout' | 'disable'; user: AdminUserView } | null;

const toDraft = (u: AdminUserView | null): Draft => ({
  id: u?.id ?? null,
  username: u?.username ?? '',
  password: '',
  personId: u?.personId ?? '',
  roles: u?.roles ?? ['delegate'],
  bridgePointId: u?.bridgePointId ?? '',
});

export function UsersSection(): ReactElement {
  const { t } = useTranslation();
  const users = useLoad(listUsers, 'users');
  const refs = useLoad((s) => Promise.all([listPersons({}, s), listBridgePoints(s)]), 'refs');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [temp, setTemp] = useState<{ name: string; password: string } | null>(null);
  const [people, bps] = refs.data ?? [[], []];

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft) return;
    const common = {
      roles: draft.roles,
      personId: draft.personId || null,
      bridgePointId: draft.bridgePointId || null,
    };
    const fields: Record<string, string> = {};
    if (!draft.id) {
      const parsed = AdminUserCreateSchema.safeParse({
        ...common,
        username: draft.username,
        password: draft.password,
      });
      if (!parsed.success) Object.assign(fields, zodFieldErrors(parsed.error.issues));
    }
    if (draft.roles.length === 0) fields.roles = 'users.errRoles';
    if (draft.roles.includes('operator') && !draft.bridgePointId)
      fields.bridgePointId = 'users.errOperatorPoint';
    if (fields.password) fields.password = 'users.errPassword';
    if (Object.keys(fields).length > 0) return setFailure({ fields, general: 'form.fixErrors' });
    try {
      if (draft.id) await updateUser(draft.id, common);
      else
        await createUser({
          ...common,
          username: draft.username,
          password: draft.password,
          mustChangePassword: true,
        });
      setStatus(t('common.savedName', { name: draft.username }));
      setDraft(null);
      setFailure(null);
      users.reload();
    } catch (err) {
      setFailure(formFailure(err, ['username', 'password', 'roles', 'personId', 'bridgePointId']));
    }
  };

  const act = async (): Promise<void> => {
    const p = pending;
    setPending(null);
    if (!p) return;
    try {
      if (p.kind === 'reset') {
        const r = await resetPassword(p.user.id);
        setTemp({ name: p.user.username, password: r.temporaryPassword });
      } else if (p.kind === 'signout') {
        const r = await signOutEverywhere(p.user.id);
        setStatus(t('users.signedOut', { name: p.user.username, count: r.revoked }));
      } else {
        await updateUser(p.user.id, { disabled: !p.user.disabled });
        setStatus(t(p.user.disabled ? 'users.enabled' : 'users.disabledNow', { name: p.user.username }));
      }
      users.reload();
    } catch (err) {
      setStatus(t(formFailure(err, []).general ?? 'errors.internal'));
    }
  };
  const toggleRole = (role: AccountRoleName, on: boolean): void => {
    if (draft)
      setDraft({ ...draft, roles: on ? [...draft.roles, role] : draft.roles.filter((r) => r !== role) });
  };

  return (
    <div className="admin-section">
      <div className="row">
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setDraft(toDraft(null))}
          data-testid="user-add"
        >
          + {t('users.add')}
        </button>
      </div>
      <Status text={status} testId="users-status" />
      {temp && (
        <div className="card temp-password" role="alert" data-testid="temp-password">
          <h2>{t('users.tempTitle', { name: temp.name })}</h2>
          <CopyField label={t('users.tempPassword')} value={temp.password} />
          <p className="field__hint">{t('users.tempHint')}</p>
          <button type="button" className="btn btn--primary" onClick={() => setTemp(null)}>
            {t('users.tempDone')}
          </button>
        </div>
      )}
      {draft && (
        <EditFormCard
          name="user"
          title={draft.id ? t('users.editTitle', { name: draft.username }) : t('users.addTitle')}
          failure={failure}
          onSubmit={(e) => void save(e)}
          onCancel={() => setDraft(null)}
        >
          {!draft.id && (
            <div className="grid-2">
              <Field
                label={t('users.username')}
                error={failure?.fields.username}
                hint={t('users.usernameHint')}
              >
                <input
                  value={draft.username}
                  onChange={(e) => setDraft({ ...draft, username: e.target.value })}
                  autoCapitalize="none"
                  spellCheck={false}
                  autoFocus
                  data-testid="user-username"
                />
              </Field>
              <Field
                label={t('users.initialPassword')}
                error={failure?.fields.password}
                hint={t('users.passwordHint')}
              >
                <input
                  type="text"
                  value={draft.password}
                  onChange={(e) => setDraft({ ...draft, password: e.target.value })}
                  autoComplete="new-password"
                  data-testid="user-password"
                />
              </Field>
            </div>
          )}
          <Field label={t('users.person')} error={failure?.fields.personId}>
            <select value={draft.personId} onChange={(e) => setDraft({ ...draft, personId: e.target.value })}>
              <option value="">{t('users.noPerson')}</option>
              {sortVi(people, (p) => p.fullName).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fullName}
                </option>
              ))}
            </select>
          </Field>
          <fieldset className="check-list check-list--inline">
            <legend>{t('users.roles')}</legend>
            {ACCOUNT_ROLES.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  checked={draft.roles.includes(r)}
                  onChange={(e) => toggleRole(r, e.target.checked)}
                  data-testid={`user-role-${r}`}
                />
                <span>{t(`role.${r}`)}</span>
              </label>
            ))}
            {failure?.fields.roles && <p className="field__error">{t(failure.fields.roles)}</p>}
          </fieldset>
          {draft.roles.includes('operator') && (
            <Field label={t('users.operatorPoint')} error={failure?.fields.bridgePointId}>
              <select
                value={draft.bridgePointId}
                onChange={(e) => setDraft({ ...draft, bridgePointId: e.target.value })}
              >
                <option value="">{t('editor.choose')}</option>
                {sortVi(bps, (b) => b.name).map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </EditFormCard>
      )}
      <LoadState status={users.status} error={users.error} />
      <div className="table-wrap">
        <table className="table" data-testid="users-table">
          <caption className="sr-only">{t('admin.tai-khoan')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.person')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('users.state')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sortVi(users.data ?? [], (u) => u.username).map((u) => (
              <tr key={u.id} className={u.disabled ? 'row--dim' : ''}>
                <th scope="row">{u.username}</th>
                <td>{u.fullName ?? '—'}</td>
                <td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td>
                  {u.disabled ? t('users.disabled') : u.locked ? t('users.locked') : t('users.active')}
                  {u.totpEnabled && <span className="tag tag--kind">{t('users.totpOn')}</span>}
                </td>
                <td className="cell-actions">
                  <RowButton
                    label={t('common.edit')}
                    name={u.username}
                    onClick={() => setDraft(toDraft(u))}
                  />
                  <RowButton
                    label={t('users.reset')}
                    name={u.username}
                    onClick={() => setPending({ kind: 'reset', user: u })}
                    testId="user-reset"
                  />
                  <RowButton
                    label={t('users.signOutAll')}
                    name={u.username}
                    onClick={() => setPending({ kind: 'signout', user: u })}
                  />
                  <RowButton
                    label={u.disabled ? t('users.enable') : t('users.disable')}
                    name={u.username}
                    onClick={() => setPending({ kind: 'disable', user: u })}
                    danger
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={pending ? t(`users.confirm_${pending.kind}`, { name: pending.user.username }) : ''}
        confirmLabel={
          pending
            ? t(
                pending.kind === 'reset'
                  ? 'users.reset'
                  : pending.kind === 'signout'
                    ? 'users.signOutAll'
                    : pending.user.disabled
                      ? 'users.enable'
                      : 'users.disable',
              )
            : ''
        }
        danger={pending?.kind !== 'reset'}
        onConfirm={() => void act()}
        onCancel={() => setPending(null)}
      />
    </div>
  );
}
