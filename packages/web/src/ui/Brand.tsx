// The product mark and name, shown on the join, left and error pages.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { LogoMark } from './icons';

export function Brand(): ReactElement {
  const { t } = useTranslation();
  return (
    <div className="brand">
      <LogoMark />
      <div>
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__tagline">{t('app.tagline')}</span>
      </div>
    </div>
  );
}
