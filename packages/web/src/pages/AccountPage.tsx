// My account: change the password (required after an admin reset), and turn the second factor
// (TOTP) on — the otpauth address as text and the secret in groups of four for manual entry — or off.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { changePassword, totpDisable, totpEnable, totpSetup } from '../lib/api/auth';
import { PASSWORD_MIN_LENGTH, type TotpSetupResponse } from '../lib/api/contract';
import { formFailure, type FormFailure } from '../lib/form-errors';
import { groupsOf4 } from '../lib/search';
import { validatePasswordChange } from '../lib/validation';
import { CopyField } from '../ui/CopyField';
import { Field, FormAlert, Status } from '../ui/form';

function PasswordForm(): ReactElement {
  const { t } = useTranslation();
  const { auth, refresh } = useAuth();
  const [v, setV] = useState({ current: '', next: '', confirm: '' });
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const fields = validatePasswordChange(v, auth.user?.username ?? '');
    if (Object.keys(fields).length > 0) return setFailure({ fields, general: null });
    try {
      await changePassword(v.current, v.next);
      setV({ current: '', next: '', confirm: '' });
      setFailure(null);
      setStatus(t('account.passwordChanged'));
      refresh();
    } catch (err) {
      setFailure(
        formFailure(err, ['currentPassword', 'newPassword'], {
          currentPassword: 'current',
          newPassword: 'next',
        }),
      );
    }
  };
  return (
    <form className="card form-card" onSubmit={(e) => void submit(e)} noValidate data-testid="password-form">
      <h2>{t('account.passwordTitle')}</h2>
      {auth.user?.mustChangePassword && <p className="alert alert--warn">{t('account.mustChange')}</p>}
      <FormAlert failure={failure} />
      <Field label={t('account.current')} error={failure?.fields.current}>
        <input
          type="password"
          value={v.current}
          onChange={(e) => setV({ ...v, current: e.target.value })}
          autoComplete="current-password"
        />
      </Field>
      <Field
        label={t('account.new')}
        error={failure?.fields.next}
        hint={t('account.newHint', { min: PASSWORD_MIN_LENGTH })}
      >
        <input
          type="password"
          value={v.next}
          onChange={(e) => setV({ ...v, next: e.target.value })}
          autoComplete="new-password"
        />
      </Field>
      <Field label={t('account.confirm')} error={failure?.fields.confirm}>
        <input
          type="password"
          value={v.confirm}
          onChange={(e) => setV({ ...v, confirm: e.target.value })}
          autoComplete="new-password"
        />
      </Field>
      <button type="submit" className="btn btn--primary">
        {t('account.changePassword')}
      </button>
      <Status text={status} />
    </form>
  );
}

function TotpCard(): ReactElement {
  const { t } = useTranslation();
  const { auth, refresh } = useAuth();
  const [setup, setSetup] = useState<TotpSetupResponse | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const enabled = auth.user?.totpEnabled ?? false;
  const run = async (fn: () => Promise<void>, done: string): Promise<void> => {
    try {
      await fn();
      setFailure(null);
      setStatus(t(done));
      refresh();
    } catch (err) {
      setFailure(formFailure(err, ['code', 'password']));
    }
  };
  const enable = (e: FormEvent): void => {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) return setFailure({ fields: { code: 'login.totpFormat' }, general: null });
    void run(async () => {
      await totpEnable(code);
      setSetup(null);
      setCode('');
    }, 'account.totpEnabled');
  };
  const disable = (e: FormEvent): void => {
    e.preventDefault();
    if (!password) return setFailure({ fields: { password: 'form.required' }, general: null });
    void run(async () => {
      await totpDisable(password);
      setPassword('');
    }, 'account.totpDisabled');
  };
  return (
    <section className="card form-card" data-testid="totp-card">
      <h2>{t('account.totpTitle')}</h2>
      <p>{enabled ? t('account.totpIsOn') : t('account.totpIsOff')}</p>
      <FormAlert failure={failure} />
      {!enabled && !setup && (
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void run(async () => setSetup(await totpSetup()), 'account.totpScan')}
          data-testid="totp-setup"
        >
          {t('account.totpStart')}
        </button>
      )}
      {!enabled && setup && (
        <form onSubmit={enable} className="totp-setup" noValidate>
          <ol className="steps">
            <li>{t('account.totpStep1')}</li>
            <li>
              {t('account.totpStep2')}
              <p className="totp-secret" data-testid="totp-secret" aria-label={t('account.secretLabel')}>
                {groupsOf4(setup.secret)}
              </p>
              <CopyField label={t('account.otpauthUri')} value={setup.otpauthUri} testId="totp-uri" />
            </li>
            <li>{t('account.totpStep3')}</li>
          </ol>
          <Field label={t('login.totp')} error={failure?.fields.code}>
            <input
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              inputMode="numeric"
              autoComplete="one-time-code"
              className="input--code"
              data-testid="totp-code"
            />
          </Field>
          <button type="submit" className="btn btn--primary" data-testid="totp-enable">
            {t('account.totpConfirm')}
          </button>
        </form>
      )}
      {enabled && (
        <form onSubmit={disable} noValidate>
          <Field label={t('account.passwordToDisable')} error={failure?.fields.password}>
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
            />
          </Field>
          <button type="submit" className="btn btn--ghost btn--danger-text">
            {t('account.totpOff')}
          </button>
        </form>
      )}
      <Status text={status} />
    </section>
  );
}

export default function AccountPage(): ReactElement {
  const { t } = useTranslation();
  const { auth } = useAuth();
  const u = auth.user;
  return (
    <section className="page">
      <h1 tabIndex={-1}>{t('account.title')}</h1>
      {u && (
        <p className="muted">
          {u.fullName ?? u.username} · {u.username} · {u.roles.map((r) => t(`role.${r}`)).join(', ')}
        </p>
      )}
      <div className="detail-grid">
        <PasswordForm />
        <TotpCard />
      </div>
    </section>
  );
}
