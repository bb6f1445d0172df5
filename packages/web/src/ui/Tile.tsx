// One participant tile: video (self mirrored) or an initials avatar when the camera is off, the
// bridge point's label, the role (chair, secretary, guest), mic/camera state icons, and a
// highlight while speaking.
import type { Participant } from '@diemcau/protocol';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { initialsOf, labelOf } from '../state/layout';
import { CameraOffIcon, MicOffIcon, StarIcon } from './icons';
import { useReportTile } from './network/network-context';
import { ParticipantQuality } from './network/QualityBadge';
import { VideoView } from './VideoView';

export interface TileView {
  participant: Participant;
  isSelf: boolean;
  isHost: boolean;
  speaking: boolean;
  audioOff: boolean;
  videoOff: boolean;
  /** Camera video (local preview for self). */
  stream: MediaStream | null;
}

/** Roles worth a label on the tile; everyone else is an ordinary delegate or bridge point. */
const LABELLED_ROLES = new Set(['chair', 'secretary', 'guest']);

export function SpeakingBars(): ReactElement {
  return (
    <span className="speaking-bars" aria-hidden="true">
      <i />
      <i />
      <i />
    </span>
  );
}

export function Avatar({ label, large = false }: { label: string; large?: boolean }): ReactElement {
  return (
    <div className={`avatar ${large ? 'avatar--large' : ''}`} aria-hidden="true">
      <span>{initialsOf(label)}</span>
    </div>
  );
}

export function Tile({ view }: { view: TileView }): ReactElement {
  const { t } = useTranslation();
  const { participant: p, isSelf, isHost, speaking, audioOff, videoOff, stream } = view;
  const label = labelOf(p);
  const reportSize = useReportTile(isSelf ? null : p.id);
  const role = LABELLED_ROLES.has(p.role) ? t(`room.role_${p.role}`) : null;
  const spoken = [
    isSelf ? `${t('room.you')}: ${label}` : label,
    role,
    isHost ? t('room.host') : null,
    speaking ? t('room.speaking') : null,
    audioOff ? t('room.micMuted') : null,
    videoOff ? t('room.cameraOff') : null,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <li
      className="tile"
      data-testid="tile"
      data-participant-id={p.id}
      data-name={label}
      data-self={isSelf}
      data-muted={audioOff}
      data-video-off={videoOff}
      data-speaking={speaking}
      data-role={p.role}
      aria-label={spoken}
      title={p.bridgePoint && p.bridgePoint !== p.name ? `${p.bridgePoint} — ${p.name}` : p.name}
    >
      <div className="tile__media" ref={reportSize}>
        {stream && (
          <VideoView
            stream={stream}
            mirrored={isSelf}
            testId={isSelf ? 'self-video' : 'remote-video'}
            participantId={p.id}
            source="camera"
          />
        )}
        {videoOff && <Avatar label={label} />}
      </div>
      {speaking && (
        <span className="tile__speaking" aria-hidden="true">
          <SpeakingBars />
          {t('room.speaking')}
        </span>
      )}
      <div className="tile__label" aria-hidden="true">
        {isSelf && <span className="tag tag--self">{t('room.you')}</span>}
        {isHost && <StarIcon className="tile__host" size="1.05em" />}
        <span className="tile__name">{label}</span>
        {role && (
          <span className={`tag tag--role tag--${p.role}`} data-testid="tile-role">
            {role}
          </span>
        )}
        <span className="tile__icons">
          <ParticipantQuality participantId={p.id} name={label} compact />
          {audioOff && (
            <span className="state-icon state-icon--off">
              <MicOffIcon size="1.05em" />
            </span>
          )}
          {videoOff && (
            <span className="state-icon">
              <CameraOffIcon size="1.05em" />
            </span>
          )}
        </span>
      </div>
    </li>
  );
}
