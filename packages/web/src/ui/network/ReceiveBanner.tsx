// A calm, polite banner when the server cut what this client receives: what is shown now and that
// video comes back by itself (or, when the person chose audio only, just that).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { receiveBannerKey, type NetworkState } from '../../lib/call-network';
import '../../styles/network.css';

export function ReceiveBanner({ receive }: { receive: NetworkState['receive'] }): ReactElement | null {
  const { t } = useTranslation();
  const key = receiveBannerKey(receive);
  if (!key) return null;
  const recovers = receive.reason === 'bandwidth';
  return (
    <div
      className="banner banner--net"
      role="status"
      data-testid="receive-banner"
      data-mode={receive.mode}
      data-reason={receive.reason}
    >
      <svg width="1.2em" height="1.2em" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M12 7.5v.5M12 11v6" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
      </svg>
      <span>
        {t(key)}
        {recovers && <span className="banner__more"> {t('network.recovers')}</span>}
      </span>
    </div>
  );
}
