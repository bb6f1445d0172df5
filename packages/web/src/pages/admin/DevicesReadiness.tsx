// The admins' view of every bridge point's readiness (device online, last network test), under
// the device board; refreshed every 30 s.
import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { devicesReadiness } from '../../lib/api/nettest';
import { LoadState } from '../../ui/form';
import { ReadinessTable } from '../../ui/ReadinessTable';
import { useLoad } from '../../ui/useLoad';

const REFRESH_MS = 30_000;

export function DevicesReadiness(): ReactElement {
  const { t } = useTranslation();
  const load = useLoad(devicesReadiness, 'devices-readiness');
  const { reload } = load;
  useEffect(() => {
    const id = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [reload]);
  return (
    <section data-testid="devices-readiness">
      <h2>{t('nettest.boardTitle')}</h2>
      <p className="field__hint">{t('nettest.hint')}</p>
      <LoadState status={load.status === 'loading' && load.data ? 'ok' : load.status} error={load.error} />
      {load.data && <ReadinessTable rows={load.data} caption={t('nettest.boardTitle')} />}
    </section>
  );
}
