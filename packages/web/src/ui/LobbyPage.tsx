// The guest's waiting screen: a calm "waiting for the chair" message, the meeting title, their own
// camera preview and a way to leave. It waits as long as it takes (no timeout).
import { useEffect, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from './Brand';
import { CameraOffIcon } from './icons';
import { LanguageSwitch } from './LanguageSwitch';
import { VideoView } from './VideoView';

interface LobbyPageProps {
  title: string;
  stream: MediaStream | null;
  videoMuted: boolean;
  onLeave: () => void;
}

export function LobbyPage({ title, stream, videoMuted, onLeave }: LobbyPageProps): ReactElement {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0 && !videoMuted;
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="status-page lobby" data-testid="lobby-waiting">
      <header className="join__header">
        <Brand />
        <LanguageSwitch />
      </header>
      <main className="status-page__main">
        <div className="status-card lobby__card">
          <div className="lobby__preview">
            {hasVideo ? (
              <VideoView stream={stream} mirrored label={t('join.previewLabel')} testId="lobby-preview" />
            ) : (
              <div className="preview__off">
                <CameraOffIcon size="2.5rem" />
                <span>{t('join.previewOff')}</span>
              </div>
            )}
          </div>
          <p className="status-card__meeting">{title}</p>
          <div className="lobby__status" role="status">
            <span className="lobby__pulse" aria-hidden="true" />
            <h1 ref={heading} tabIndex={-1}>
              {t('lobby.waiting')}
            </h1>
          </div>
          <p>{t('lobby.waitingHint')}</p>
          <button
            type="button"
            className="btn btn--ghost btn--xl"
            onClick={onLeave}
            data-testid="lobby-leave"
          >
            {t('lobby.leave')}
          </button>
        </div>
      </main>
    </div>
  );
}
