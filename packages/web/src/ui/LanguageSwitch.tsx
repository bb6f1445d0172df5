// The visible "Tiếng Việt / English" switch; the choice is remembered on this device.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Lang } from '../i18n';
import { GlobeIcon } from './icons';

export function LanguageSwitch({ className }: { className?: string }): ReactElement {
  const { t, i18n } = useTranslation();
  const current: Lang = i18n.language === 'en' ? 'en' : 'vi';
  const option = (lang: Lang): ReactElement => (
    <button
      type="button"
      className="lang-switch__option"
      aria-pressed={current === lang}
      lang={lang}
      onClick={() => setLanguage(lang)}
    >
      {t(`lang.${lang}`)}
    </button>
  );
  return (
    <div className={`lang-switch ${className ?? ''}`} role="group" aria-label={t('lang.label')}>
      <GlobeIcon className="lang-switch__icon" size="1.1em" />
      {option('vi')}
      <span aria-hidden="true" className="lang-switch__sep">
        /
      </span>
      {option('en')}
    </div>
  );
}
