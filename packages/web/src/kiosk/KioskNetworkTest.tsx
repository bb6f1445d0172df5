// The kiosk's network test: the big "Kiểm tra đường truyền" button, the progress while it runs,
// and the verdict in words; it also runs by itself within 30 minutes before an invited meeting.
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskMeeting, NetworkTestView } from '../lib/api/contract';
import { formatTime } from '../lib/vntime';
import { LegFigures, Reasons, VerdictBadge } from '../ui/ReadinessTable';
import { runKioskNetworkTest } from './network-test';
import type { NetTestProgress } from './network-test';
import { networkTestDue } from './nettest-schedule';

/** How often the kiosk checks whether an automatic test is due. */
const CHECK_MS = 30_000;
const LAST_RUN_KEY = 'diemcau.kiosk.lastNetworkTest';

type TestState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: NetTestProgress | null; meeting: KioskMeeting | null }
  | { kind: 'done'; result: NetworkTestView }
  | { kind: 'error' };

const lastRun = (): string | null => {
  try {
    return window.localStorage.getItem(LAST_RUN_KEY);
  } catch {
    return null;
  }
};
const rememberRun = (at: Date): void => {
  try {
    window.localStorage.setItem(LAST_RUN_KEY, at.toISOString());
  } catch {
    // private mode: the hourly limit then lasts as long as the page
  }
};

export function KioskNetworkTest({
  token,
  deviceId,
  meetings,
}: {
  token: string;
  deviceId: string;
  meetings: KioskMeeting[];
}): ReactElement {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const running = useRef(false);

  const run = useCallback(
    (meeting: KioskMeeting | null, trigger: 'auto' | 'manual') => {
      if (running.current) return;
      running.current = true;
      // NOTE: remembered at the start, so that a test that keeps failing is not retried every 30 s.
      rememberRun(new Date());
      setState({ kind: 'running', progress: null, meeting });
      runKioskNetworkTest({
        token,
        deviceId,
        meetingId: meeting?.id ?? null,
        trigger,
        onProgress: (progress) => setState({ kind: 'running', progress, meeting }),
      })
        .then(
          (result) => setState({ kind: 'done', result }),
          () => setState({ kind: 'error' }),
        )
        .finally(() => {
          running.current = false;
        });
    },
    [token, deviceId],
  );

  const meetingsRef = useRef(meetings);
  meetingsRef.current = meetings;
  useEffect(() => {
    const check = (): void => {
      const due = networkTestDue(meetingsRef.current, new Date(), lastRun());
      if (due) run(due, 'auto');
    };
    check();
    const id = window.setInterval(check, CHECK_MS);
    return () => window.clearInterval(id);
  }, [run]);

  return (
    <section className="kiosk-nettest" aria-labelledby="kiosk-nettest-title" data-testid="kiosk-nettest">
      <h2 id="kiosk-nettest-title" className="sr-only">
        {t('nettest.kioskTitle')}
      </h2>
      <button
        type="button"
        className="btn kiosk-nettest__run"
        disabled={state.kind === 'running'}
        onClick={() => run(null, 'manual')}
        data-testid="kiosk-nettest-run"
      >
        {t('nettest.run')}
      </button>
      <div role="status" aria-live="polite" data-testid="kiosk-nettest-status">
        {state.kind === 'running' && (
          <p>
            {state.meeting && <>{t('nettest.autoFor', { title: state.meeting.title })} · </>}
            {t(state.progress?.leg === 'relay' ? 'nettest.running_relay' : 'nettest.running_direct')}
            {state.progress?.secondsLeft !== undefined && (
              <> {t('nettest.secondsLeft', { seconds: state.progress.secondsLeft })}</>
            )}
          </p>
        )}
        {state.kind === 'error' && <p>{t('nettest.kioskError')}</p>}
        {state.kind === 'done' && (
          <div>
            <p>
              <VerdictBadge verdict={state.result.verdict} />{' '}
              <span className="muted">
                {t('nettest.resultAt', { time: formatTime(state.result.at, i18n.language) })}
              </span>
            </p>
            <ul className="kiosk-nettest__legs">
              <li>
                {t('nettest.colDirect')}: <LegFigures leg={state.result.direct} />
              </li>
              <li>
                {t('nettest.colRelay')}: <LegFigures leg={state.result.relay} />
              </li>
            </ul>
            <Reasons reasons={state.result.reasons} />
          </div>
        )}
      </div>
    </section>
  );
}
