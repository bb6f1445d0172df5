// The stage: the shared screen if anyone shares, else the current speaker's camera, else a calm
// waiting card. Video for the stage is asked at the highest simulcast layer.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteMedia } from '../lib/remote-media';
import { labelOf, type Stage as StageModel } from '../state/layout';
import { LogoMark, MicOffIcon, ScreenIcon, ScreenStopIcon } from './icons';
import { useNetwork, useReportTile } from './network/network-context';
import { Avatar, SpeakingBars } from './Tile';
import { VideoView } from './VideoView';

interface StageProps {
  stage: StageModel;
  remote: Record<string, RemoteMedia>;
  activeSpeakerId: string | null;
  hostBridgePoint: string | null;
  /** The label of the speech under way when the stage shows its speaker ("<point> – <person>"). */
  speechLabel?: string | null;
  onStopShare: () => void;
}

export function Stage({
  stage,
  remote,
  activeSpeakerId,
  hostBridgePoint,
  speechLabel = null,
  onStopShare,
}: StageProps): ReactElement {
  const { t } = useTranslation();
  const reportSize = useReportTile(stage.kind === 'camera' ? stage.participant.id : null);
  // Audio only: the server still sends the speaker's lowest layer, shown as their picture.
  const still = useNetwork()?.receive.mode === 'audio_only';
  switch (stage.kind) {
    case 'screen': {
      const p = stage.participant;
      const stream = remote[p.id]?.screen ?? null;
      return (
        <div
          className="stage stage--screen"
          data-testid="stage"
          data-stage="screen"
          data-participant-id={p.id}
        >
          <VideoView
            stream={stream}
            fit="contain"
            testId="remote-screen"
            participantId={p.id}
            source="screen"
          />
          <p className="stage__caption">
            <ScreenIcon size="1.2em" /> {t('room.sharing', { name: labelOf(p) })}
          </p>
        </div>
      );
    }
    case 'self-screen':
      return (
        <div className="stage stage--card" data-testid="stage" data-stage="self-screen">
          <div className="stage__card">
            <ScreenIcon size="3.5rem" />
            <h2>{t('room.youAreSharing')}</h2>
            <p>{t('room.youAreSharingHint')}</p>
            <button type="button" className="btn btn--danger btn--large" onClick={onStopShare}>
              <ScreenStopIcon /> {t('room.stopSharing')}
            </button>
          </div>
        </div>
      );
    case 'camera': {
      const p = stage.participant;
      const stream = remote[p.id]?.camera ?? null;
      const videoOff = p.videoMuted || !stream;
      const speaking = activeSpeakerId === p.id;
      const label = speechLabel ?? labelOf(p);
      return (
        <div
          className="stage stage--camera"
          data-testid="stage"
          data-stage="camera"
          data-participant-id={p.id}
          data-speaking={speaking}
          ref={reportSize}
        >
          {stream && <VideoView stream={stream} testId="stage-video" participantId={p.id} source="camera" />}
          {still && stream && !videoOff && <span className="stage__still">{t('network.stillFrame')}</span>}
          {videoOff && <Avatar label={label} large />}
          <div className="stage__caption stage__caption--name">
            {speaking && <SpeakingBars />}
            <span className="stage__label" data-testid="stage-label">
              {label}
            </span>
            {speechLabel === null && p.bridgePoint && p.bridgePoint !== p.name && (
              <span className="stage__person">{p.name}</span>
            )}
            {p.bridgePoint !== null && p.bridgePoint === hostBridgePoint && (
              <span className="tag tag--host">{t('room.host')}</span>
            )}
            {p.audioMuted && (
              <span className="state-icon state-icon--off" role="img" aria-label={t('room.micMuted')}>
                <MicOffIcon size="1.1em" />
              </span>
            )}
          </div>
        </div>
      );
    }
    case 'empty':
      return (
        <div className="stage stage--card" data-testid="stage" data-stage="empty">
          <div className="stage__card">
            <LogoMark size="4.5rem" />
            <h2>{t('room.waiting')}</h2>
            <p>{t('room.waitingHint')}</p>
          </div>
        </div>
      );
  }
}
