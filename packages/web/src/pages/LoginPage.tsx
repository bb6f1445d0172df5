// Sign-in: username and password, then (when the account has it) the 6-digit TOTP code; shows a
// lockout with its minutes and sends the user on to where they were going.
import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router';
import { useAuth } from '../auth/AuthContext';
import { login } from '../lib/api/auth';
import { ApiError } from '../lib/api/client';
import { formFailure, type FormFailure } from '../lib/form-errors';
import { Brand } from '../ui/Brand';
import { Field, FormAlert } from '../ui/form';
import { LanguageSwitch } from '../ui/LanguageSwitch';

const FIELDS = ['username', 'password', 'totp'] as const;

export default function LoginPage({ next }: { next: string }): ReactElement {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const totpRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!username.trim()) fields.username = 'form.required';
    if (!password) fields.password = 'form.required';
    if (needTotp && !/^\d{6}$/.test(totp)) fields.totp = 'login.totpFormat';
    if (Object.keys(fields).length > 0) {
      setFailure({ fields, general: null });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const session = await login({ username: username.trim(), password, ...(needTotp ? { totp } : {}) });
      signedIn(session);
      navigate(session.user.mustChangePassword ? '/tai-khoan' : next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required' && !needTotp) {
        setNeedTotp(true);
        requestAnimationFrame(() => totpRef.current?.focus());
      } else if (err instanceof ApiError && err.code === 'totp_required') {
        setFailure({ fields: { totp: 'login.totpWrong' }, general: null });
      } else if (err instanceof ApiError && err.code === 'unauthorized') {
        setFailure({ fields: {}, general: 'login.wrong' });
      } else {
        setFailure(formFailure(err, FIELDS));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="status-page login">
      <header className="join__header">
        <Brand />
        <LanguageSwitch />
      </header>
      <main className="status-page__main" id="main">
        <form
          className="card login__card"
          onSubmit={(e) => void submit(e)}
          noValidate
          data-testid="login-form"
        >
          <h1 tabIndex={-1}>{t('login.title')}</h1>
          <p className="muted">{t('login.intro')}</p>
          <FormAlert failure={failure} />
          <Field label={t('login.username')} error={failure?.fields.username}>
            <input
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              data-testid="login-username"
              readOnly={needTotp}
            />
          </Field>
          <Field label={t('login.password')} error={failure?.fields.password}>
            <input
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              data-testid="login-password"
              readOnly={needTotp}
            />
          </Field>
          {needTotp && (
            <Field label={t('login.totp')} error={failure?.fields.totp} hint={t('login.totpHint')}>
              <input
                ref={totpRef}
                value={totp}
                onChange={(e) => setTotp(e.target.value.replace(/\D/g, '').slice(0, 6))}
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="\d{6}"
                maxLength={6}
                className="input--code"
                data-testid="login-totp"
              />
            </Field>
          )}
          <button
            type="submit"
            className="btn btn--primary btn--xl"
            disabled={busy}
            data-testid="login-submit"
          >
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
          <p className="status-line" role="status" aria-live="polite">
            {needTotp ? t('login.totpStep') : ''}
          </p>
        </form>
      </main>
    </div>
  );
}
