// A device's health at a glance: online/offline dot with text, last heartbeat ("2 phút trước"),
// and camera / microphone presence as icons with text alternatives.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { relativeTime } from '../../lib/relative-time';
import { formatDateTime } from '../../lib/vntime';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from '../../ui/icons';

interface Health {
  online: boolean;
  lastHeartbeatAt: string | null;
  hasCamera: boolean | null;
  hasMicrophone: boolean | null;
}

export function OnlineDot({ online }: { online: boolean }): ReactElement {
  const { t } = useTranslation();
  return (
    <span
      className={`dot-status ${online ? 'dot-status--on' : 'dot-status--off'}`}
      data-testid="device-online"
    >
      <span className="dot-status__dot" aria-hidden="true" />
      {online ? t('devices.online') : t('devices.offline')}
    </span>
  );
}

export function Presence({ has, kind }: { has: boolean | null; kind: 'camera' | 'mic' }): ReactElement {
  const { t } = useTranslation();
  const On = kind === 'camera' ? CameraIcon : MicIcon;
  const Off = kind === 'camera' ? CameraOffIcon : MicOffIcon;
  const label =
    t(`devices.${kind}`) +
    ': ' +
    (has === null ? t('devices.unknown') : has ? t('devices.present') : t('devices.missing'));
  return (
    <span className={`presence ${has ? '' : 'presence--missing'}`} title={label}>
      {has ? <On size="1.2em" /> : <Off size="1.2em" />}
      <span className="sr-only">{label}</span>
    </span>
  );
}

export function DeviceHealth({ d, now }: { d: Health; now: Date }): ReactElement {
  const { t, i18n } = useTranslation();
  return (
    <span className="device-health">
      <OnlineDot online={d.online} />
      <span className="muted">
        {d.lastHeartbeatAt ? (
          <time dateTime={d.lastHeartbeatAt} title={formatDateTime(d.lastHeartbeatAt, i18n.language)}>
            {relativeTime(d.lastHeartbeatAt, now, i18n.language)}
          </time>
        ) : (
          t('devices.never')
        )}
      </span>
      <Presence has={d.hasCamera} kind="camera" />
      <Presence has={d.hasMicrophone} kind="mic" />
    </span>
  );
}
