// The administration area: a section menu (organizations, people, bridge points, devices, accounts,
// audit log) and the chosen section.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { ADMIN_SECTIONS, paths, type AdminSection } from '../../lib/app-route';
import { AuditSection } from './AuditSection';
import { BridgePointsSection } from './BridgePointsSection';
import { DevicesSection } from './DevicesSection';
import { DocumentsReadinessSection } from './DocumentsReadinessSection';
import { OrgsSection } from './OrgsSection';
import { PeopleSection } from './PeopleSection';
import { UsersSection } from './UsersSection';

const SECTIONS: Record<AdminSection, () => ReactElement> = {
  'to-chuc': OrgsSection,
  'nhan-su': PeopleSection,
  'diem-cau': BridgePointsSection,
  'thiet-bi': DevicesSection,
  'tai-khoan': UsersSection,
  'nhat-ky': AuditSection,
  'tai-lieu': DocumentsReadinessSection,
};

export default function AdminPage({ section }: { section: AdminSection }): ReactElement {
  const { t } = useTranslation();
  const Section = SECTIONS[section];
  return (
    <section className="page page--wide admin">
      <h1 tabIndex={-1}>
        {t('admin.title')}: {t(`admin.${section}`)}
      </h1>
      <nav className="subnav" aria-label={t('admin.menu')}>
        {ADMIN_SECTIONS.map((s) => (
          <Link
            key={s}
            to={paths.admin(s)}
            aria-current={s === section ? 'page' : undefined}
            data-testid={`admin-nav-${s}`}
          >
            {t(`admin.${s}`)}
          </Link>
        ))}
      </nav>
      <Section />
    </section>
  );
}
