// "Sẵn sàng của các điểm cầu" on a meeting's page, for those who may edit it: each invited
// point's device and its last network test, refreshed every 30 s.
import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { meetingReadiness } from '../lib/api/nettest';
import { LoadState } from '../ui/form';
import { ReadinessTable } from '../ui/ReadinessTable';
import { useLoad } from '../ui/useLoad';

const REFRESH_MS = 30_000;

export function MeetingReadiness({ meetingId }: { meetingId: string }): ReactElement {
  const { t } = useTranslation();
  const load = useLoad((signal) => meetingReadiness(meetingId, signal), meetingId);
  const { reload } = load;
  useEffect(() => {
    const id = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [reload]);
  return (
    <section className="card" data-testid="meeting-readiness">
      <h2>{t('nettest.title')}</h2>
      <p className="field__hint">{t('nettest.hint')}</p>
      <LoadState status={load.status === 'loading' && load.data ? 'ok' : load.status} error={load.error} />
      {load.data && <ReadinessTable rows={load.data} caption={t('nettest.title')} />}
    </section>
  );
}
