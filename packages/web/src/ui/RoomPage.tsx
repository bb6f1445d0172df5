// The meeting room: top bar, stage, tiles for everyone, control bar, remote audio, the
// "Đang nói: …" announcement, reconnect banner, notices, the moderator's lobby panel and the leave
// confirmation.
import { useEffect, useMemo, useState, type CSSProperties, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';
import type { CallHandle } from '../lib/call';
import { labelOf, pickStage, qualityPlan } from '../state/layout';
import type { RoomAction, RoomState } from '../state/room-reducer';
import { ControlBar } from './ControlBar';
import { useMediaQuery, useShortcuts } from './hooks';
import { AlertIcon, CloseIcon } from './icons';
import { LeaveDialog } from './LeaveDialog';
import { LobbyAnnouncer, LobbyPanel } from './LobbyPanel';
import { RemoteAudio } from './RemoteAudio';
import { Stage } from './Stage';
import { Tile, type TileView } from './Tile';
import { TopBar } from './TopBar';

interface RoomPageProps {
  call: CallHandle;
  state: RoomState;
  dispatch: (action: RoomAction) => void;
  fallbackTitle: string;
  speakerId: string | null;
  mock: boolean;
}

const canShareScreen = (): boolean =>
  typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';

function useTiles(state: RoomState): TileView[] {
  return useMemo(() => {
    const local = state.local;
    const host = state.meeting?.hostBridgePoint ?? null;
    return state.participants.map((p): TileView => {
      const isSelf = p.id === state.selfId;
      const isHost = host !== null && p.bridgePoint === host;
      const speaking = state.activeSpeakerId === p.id;
      if (isSelf) {
        const hasAudio = (local?.camera?.getAudioTracks().length ?? 0) > 0;
        const hasVideo = (local?.camera?.getVideoTracks().length ?? 0) > 0;
        return {
          participant: p,
          isSelf,
          isHost,
          speaking,
          audioOff: !hasAudio || (local?.audioMuted ?? true),
          videoOff: !hasVideo || (local?.videoMuted ?? true),
          stream: local?.camera ?? null,
        };
      }
      const stream = state.remote[p.id]?.camera ?? null;
      return {
        participant: p,
        isSelf,
        isHost,
        speaking,
        audioOff: p.audioMuted || !(p.publishing.camera?.audio ?? false),
        videoOff: p.videoMuted || stream === null,
        stream,
      };
    });
  }, [state.participants, state.selfId, state.local, state.remote, state.activeSpeakerId, state.meeting]);
}

export function RoomPage({
  call,
  state,
  dispatch,
  fallbackTitle,
  speakerId,
  mock,
}: RoomPageProps): ReactElement {
  const { t } = useTranslation();
  const [confirmLeave, setConfirmLeave] = useState(false);
  const compact = useMediaQuery('(max-width: 760px)');
  const tiles = useTiles(state);
  const stage = useMemo(() => pickStage(state), [state]);
  const local = state.local;
  const sharing = local?.screen != null;
  const hasAudio = (local?.camera?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (local?.camera?.getVideoTracks().length ?? 0) > 0;

  const remoteIds = useMemo(
    () => state.participants.filter((p) => p.id !== state.selfId).map((p) => p.id),
    [state.participants, state.selfId],
  );
  const planKey = JSON.stringify([...qualityPlan(stage, remoteIds, { compact })]);
  useEffect(() => {
    call.setQualities(new Map(JSON.parse(planKey) as [string, 0 | 1 | 2][]));
  }, [call, planKey]);

  const toggleMic = (): void => {
    if (hasAudio) call.setAudioMuted(!(local?.audioMuted ?? false));
  };
  const toggleCamera = (): void => {
    if (hasVideo) call.setVideoMuted(!(local?.videoMuted ?? false));
  };
  const toggleShare = (): void => {
    if (sharing) {
      void call.stopShare();
      return;
    }
    call.startShare().catch((err: unknown) => {
      if (err instanceof DOMException && err.name === 'NotAllowedError') return; // the user cancelled
      dispatch({ type: 'notice', code: 'share_failed', message: t('media.shareFailed') });
    });
  };
  useShortcuts({ m: toggleMic, v: toggleCamera, s: () => canShareScreen() && toggleShare() });

  const speaker = state.participants.find((p) => p.id === state.activeSpeakerId);
  const announcement = speaker
    ? t('room.speakingNow', { name: speaker.id === state.selfId ? t('room.you') : labelOf(speaker) })
    : '';

  const notice = state.notice;
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => dispatch({ type: 'dismissNotice' }), 8_000);
    return () => clearTimeout(timer);
  }, [notice, dispatch]);

  const moderator = state.participants.find((p) => p.id === state.selfId)?.moderator === true;
  const lobbyError = (code: string, message: string): void => dispatch({ type: 'notice', code, message });

  const cols = compact ? 2 : tiles.length <= 3 ? 1 : tiles.length <= 8 ? 2 : 3;
  const reconnecting = state.connection === 'reconnecting' || state.connection === 'connecting';

  return (
    <div className="room" data-compact={compact}>
      {mock && (
        <div className="mock-banner" role="note">
          {t('mock.banner')}
        </div>
      )}
      <TopBar
        title={state.meeting?.title ?? fallbackTitle}
        hostBridgePoint={state.meeting?.hostBridgePoint ?? null}
        count={state.participants.length}
        connection={state.connection}
      />
      {reconnecting && state.selfId !== null && (
        <div className="banner banner--warn" role="alert" data-testid="reconnect-banner">
          <AlertIcon /> {t('connection.banner')}
        </div>
      )}
      <main className="room__main" data-cols={cols}>
        {moderator && state.lobby.length > 0 && (
          <LobbyPanel
            guests={state.lobby}
            onAdmit={(id) => call.admitGuest(id)}
            onReject={(id) => call.rejectGuest(id)}
            onError={lobbyError}
          />
        )}
        {moderator && <LobbyAnnouncer guests={state.lobby} />}
        <section className="room__stage" aria-label={t('room.stage')}>
          <Stage
            stage={stage}
            remote={state.remote}
            activeSpeakerId={state.activeSpeakerId}
            hostBridgePoint={state.meeting?.hostBridgePoint ?? null}
            onStopShare={toggleShare}
          />
        </section>
        <section className="room__grid" aria-label={t('room.grid')}>
          <ul className="grid" style={{ '--cols': cols } as CSSProperties}>
            {tiles.map((view) => (
              <Tile key={view.participant.id} view={view} />
            ))}
          </ul>
        </section>
      </main>
      <ControlBar
        audioMuted={local?.audioMuted ?? true}
        videoMuted={local?.videoMuted ?? true}
        sharing={sharing}
        hasAudio={hasAudio}
        hasVideo={hasVideo}
        canShare={canShareScreen()}
        onToggleMic={toggleMic}
        onToggleCamera={toggleCamera}
        onToggleShare={toggleShare}
        onLeave={() => setConfirmLeave(true)}
      />
      {notice && (
        <div className="toast" role="status" key={notice.seq}>
          <AlertIcon />
          <span>{errorText(t, notice.code, notice.message)}</span>
          <button
            type="button"
            className="icon-btn"
            aria-label={t('room.dismiss')}
            onClick={() => dispatch({ type: 'dismissNotice' })}
          >
            <CloseIcon />
          </button>
        </div>
      )}
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="speaker-announcement">
        {announcement}
      </div>
      <RemoteAudio media={Object.values(state.remote)} sinkId={speakerId} />
      <LeaveDialog
        open={confirmLeave}
        onCancel={() => setConfirmLeave(false)}
        onConfirm={() => call.leave()}
      />
    </div>
  );
}
