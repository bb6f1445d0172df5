// One hidden <audio autoplay> per remote participant, routed to the chosen speaker. When the
// browser blocks autoplay, a banner offers a button that starts the sound.
import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { applySink } from '../lib/devices';
import type { RemoteMedia } from '../lib/remote-media';
import { SpeakerIcon } from './icons';

function AudioSink({
  media,
  sinkId,
  onBlocked,
}: {
  media: RemoteMedia;
  sinkId: string | null;
  onBlocked: () => void;
}): ReactElement {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== media.audio) el.srcObject = media.audio;
    if (!media.audio) return;
    el.play().catch((err: unknown) => {
      if (err instanceof DOMException && err.name === 'NotAllowedError') onBlocked();
    });
  }, [media.audio, onBlocked]);
  useEffect(() => {
    if (ref.current) void applySink(ref.current, sinkId);
  }, [sinkId]);
  return <audio ref={ref} autoPlay data-testid="remote-audio" data-participant-id={media.participantId} />;
}

export function RemoteAudio({
  media,
  sinkId,
}: {
  media: RemoteMedia[];
  sinkId: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const [blocked, setBlocked] = useState(false);
  const onBlocked = useCallback(() => setBlocked(true), []);
  const unblock = (): void => {
    const players = document.querySelectorAll<HTMLAudioElement>('audio[data-testid="remote-audio"]');
    Promise.all([...players].map((el) => el.play())).then(
      () => setBlocked(false),
      () => setBlocked(true),
    );
  };
  return (
    <>
      <div hidden>
        {media
          .filter((m) => m.audio)
          .map((m) => (
            <AudioSink key={m.participantId} media={m} sinkId={sinkId} onBlocked={onBlocked} />
          ))}
      </div>
      {blocked && (
        <div className="banner banner--warn" role="alert">
          <span>{t('room.audioBlocked')}</span>
          <button type="button" className="btn btn--primary" onClick={unblock}>
            <SpeakerIcon /> {t('room.enableAudio')}
          </button>
        </div>
      )}
    </>
  );
}
