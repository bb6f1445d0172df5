// The meeting room: top bar, stage, tiles for everyone, control bar, remote audio, the
// "Đang nói: …" announcement, reconnect banner, notices, the moderator's lobby panel and the leave
// confirmation; the meeting panel (speak, vote, chat, Q&A, roll call) beside the stage, and for the
// chair and the secretary the chair console, a layout of its own they can switch from and to.
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactElement,
} from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';
import type { CallHandle } from '../lib/call';
import { savePrefs } from '../lib/prefs';
import { labelOf, pickStage, qualityPlan } from '../state/layout';
import { spotlightParticipant } from '../state/live-logic';
import type { RoomAction, RoomState } from '../state/room-reducer';
import { ConsoleView } from './console/ConsoleView';
import { ControlBar, ControlButton } from './ControlBar';
import { useMediaQuery, useShortcuts } from './hooks';
import { AlertIcon, CloseIcon, ConsoleIcon, PanelIcon } from './icons';
import { LiveProvider, useActOver, type LiveEnv } from './live/context';
import { LiveAnnouncer, ModerationLayer, ReactionsLayer } from './live/LiveOverlays';
import { LiveSidebar, type SidebarTab } from './live/LiveSidebar';
import { LeaveDialog } from './LeaveDialog';
import { LobbyAnnouncer, LobbyPanel } from './LobbyPanel';
import { AudioOnlyIcon } from './network/AudioOnlyIcon';
import { NetworkProvider, TileSizesProvider, useCallNetwork, useTileSizes } from './network/network-context';
import { ReceiveBanner } from './network/ReceiveBanner';
import { MixedAudioBanner, MixedAudioIcon } from './network/MixedAudio';
import { RemoteAudio } from './RemoteAudio';
import { Stage } from './Stage';
import { PresentPicker } from './present/PresentPicker';
import { mayStartPresentation } from '../state/present';
import { Tile, type TileView } from './Tile';
import { TopBar } from './TopBar';

// NOTE: pdf.js is large; it loads only when a presentation starts.
const PresentationView = lazy(() =>
  import('./present/PresentationView').then((m) => ({ default: m.PresentationView })),
);

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

function useTiles(state: RoomState, audioOnly: boolean): TileView[] {
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
          videoOff: !hasVideo || (local?.videoMuted ?? true) || audioOnly,
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
  }, [
    state.participants,
    state.selfId,
    state.local,
    state.remote,
    state.activeSpeakerId,
    state.meeting,
    audioOnly,
  ]);
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
  const network = useCallNetwork(call);
  const tileSizes = useTileSizes(call);
  const tiles = useTiles(state, network.audioOnly);
  const live = state.live.state;
  const spotlight = useMemo(
    () => spotlightParticipant(state.participants, live?.spotlight ?? null, state.selfId),
    [state.participants, live?.spotlight, state.selfId],
  );
  const stage = useMemo(() => pickStage(state, spotlight), [state, spotlight]);
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
    if (hasVideo && !network.audioOnly) call.setVideoMuted(!(local?.videoMuted ?? false));
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

  const self = state.participants.find((p) => p.id === state.selfId);
  const moderator = self?.moderator === true;
  const act = useActOver(call, dispatch);
  const env = useMemo<LiveEnv | null>(
    () => (live && self ? { live, self, participants: state.participants, act } : null),
    [live, self, state.participants, act],
  );
  const [view, setView] = useState<'console' | 'room'>(moderator ? 'console' : 'room');
  const [panelOpen, setPanelOpen] = useState(!compact);
  const [tab, setTab] = useState<SidebarTab>('speak');
  const [picking, setPicking] = useState(false);
  const onVoteOpened = useCallback(() => {
    setTab('votes');
    setPanelOpen(true);
  }, []);
  const setAudioMuted = useCallback(
    (muted: boolean) => {
      if (hasAudio) call.setAudioMuted(muted);
    },
    [call, hasAudio],
  );
  useTrainingCamera(env, call, dispatch, t('live.trainingCameraOff'));
  const speech = live?.current ?? null;
  const speechLabel =
    speech && stage.kind === 'camera' && stage.participant.actorKey === speech.speakerKey
      ? speech.label
      : null;
  const consoleMode = view === 'console' && moderator && env !== null;
  const panelShown = env !== null && panelOpen && !consoleMode;

  const lobbyError = (code: string, message: string): void => dispatch({ type: 'notice', code, message });

  const cols = compact ? 2 : tiles.length <= 3 ? 1 : tiles.length <= 8 ? 2 : 3;
  const reconnecting = state.connection === 'reconnecting' || state.connection === 'connecting';

  const topBar = (
    <>
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
        recording={state.recording.on}
      />
      {state.recordingConsent === 'show' && (
        <div className="banner banner--rec" role="alert" data-testid="recording-consent">
          <span>{t('room.recordingConsent')}</span>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => dispatch({ type: 'dismissRecordingConsent' })}
          >
            {t('room.recordingConsentOk')}
          </button>
        </div>
      )}
      {reconnecting && state.selfId !== null && (
        <div className="banner banner--warn" role="alert" data-testid="reconnect-banner">
          <AlertIcon /> {t('connection.banner')}
          {network.reconnectAttempt > 0 && (
            <span data-testid="reconnect-attempt">
              {t('network.reconnectAttempt', { attempt: network.reconnectAttempt })}
            </span>
          )}
        </div>
      )}
      <ReceiveBanner receive={network.receive} />
      <MixedAudioBanner network={network} />
    </>
  );
  const presentation = env ? (live?.presentation ?? null) : null;
  const stageView = presentation ? (
    // NOTE: during a presentation the page is the stage; every camera stays in the tiles beside it.
    <Suspense fallback={<div className="stage stage--card" data-testid="stage" data-stage="loading" />}>
      <PresentationView presentation={presentation} call={call} />
    </Suspense>
  ) : (
    <Stage
      stage={stage}
      remote={state.remote}
      activeSpeakerId={state.activeSpeakerId}
      hostBridgePoint={state.meeting?.hostBridgePoint ?? null}
      speechLabel={speechLabel}
      onStopShare={toggleShare}
    />
  );
  const lobby = moderator && state.lobby.length > 0 && (
    <LobbyPanel
      guests={state.lobby}
      onAdmit={(id) => call.admitGuest(id)}
      onReject={(id) => call.rejectGuest(id)}
      onError={lobbyError}
    />
  );
  const extraControls = env && (
    <>
      {!consoleMode && (
        <ControlButton
          testId="btn-live"
          label={compact ? t('live.panelButtonShort') : t('live.panelButton')}
          icon={<PanelIcon />}
          pressed={panelOpen}
          expanded={panelOpen}
          onClick={() => setPanelOpen((o) => !o)}
        />
      )}
      {self && mayStartPresentation(live, self) && (
        <ControlButton
          testId="btn-present"
          label={compact ? t('present.startShort') : t('present.start')}
          icon={<span aria-hidden="true">▤</span>}
          expanded={picking}
          onClick={() => setPicking(true)}
        />
      )}
      {moderator && (
        <ControlButton
          testId="btn-record"
          label={state.recording.on ? t('room.recordStop') : t('room.recordStart')}
          icon={<span aria-hidden="true">●</span>}
          pressed={state.recording.on}
          onClick={() => {
            call
              .setRecording(!state.recording.on)
              .catch((err: unknown) =>
                lobbyError((err as { code?: string }).code ?? 'internal', String(err)),
              );
          }}
        />
      )}
      {moderator && (
        <ControlButton
          testId="btn-console"
          label={consoleMode ? t('live.roomButton') : t('live.consoleButton')}
          icon={<ConsoleIcon />}
          onClick={() => setView(consoleMode ? 'room' : 'console')}
        />
      )}
    </>
  );
  const controls = (
    <ControlBar
      audioMuted={local?.audioMuted ?? true}
      videoMuted={local?.videoMuted ?? true}
      sharing={sharing}
      hasAudio={hasAudio}
      // NOTE: audio only sends no video: the camera shows off and cannot be turned on meanwhile.
      hasVideo={hasVideo && !network.audioOnly}
      canShare={canShareScreen()}
      onToggleMic={toggleMic}
      onToggleCamera={toggleCamera}
      onToggleShare={toggleShare}
      onLeave={() => setConfirmLeave(true)}
      extra={
        <>
          <ControlButton
            testId="btn-audio-only"
            label={t('network.audioOnly')}
            icon={<AudioOnlyIcon />}
            pressed={network.audioOnly}
            onClick={() => {
              const on = !network.audioOnly;
              call.setAudioOnly(on);
              savePrefs({ audioOnly: on });
            }}
          />
          <ControlButton
            testId="btn-mixed-audio"
            label={t('network.mixed')}
            icon={<MixedAudioIcon />}
            pressed={network.mixPreferred}
            onClick={() => {
              const on = !network.mixPreferred;
              call.setMixedAudio(on);
              savePrefs({ mixedAudio: on });
            }}
          />
          {extraControls}
        </>
      }
    />
  );
  const overlays = (
    <>
      {self && (
        <ModerationLayer
          slice={state.live}
          selfKey={self.actorKey}
          dispatch={dispatch}
          setAudioMuted={setAudioMuted}
        />
      )}
      <ReactionsLayer slice={state.live} dispatch={dispatch} />
      {notice && (
        <div className="toast" role="status" key={notice.seq} data-testid="toast">
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
      {self && <LiveAnnouncer state={live} selfKey={self.actorKey} onVoteOpened={onVoteOpened} />}
      {moderator && <LobbyAnnouncer guests={state.lobby} />}
      {env && picking && <PresentPicker open={picking} onClose={() => setPicking(false)} />}
      <RemoteAudio media={Object.values(state.remote)} sinkId={speakerId} />
      <LeaveDialog
        open={confirmLeave}
        onCancel={() => setConfirmLeave(false)}
        onConfirm={() => call.leave()}
      />
    </>
  );

  const withNetwork = (node: ReactElement): ReactElement => (
    <NetworkProvider value={network}>
      <TileSizesProvider value={tileSizes}>{node}</TileSizesProvider>
    </NetworkProvider>
  );

  if (consoleMode)
    return withNetwork(
      <LiveProvider value={env}>
        <ConsoleView topBar={topBar} stage={stageView} lobby={lobby} controls={controls} />
        {overlays}
      </LiveProvider>,
    );

  const room = (
    <div className="room" data-compact={compact}>
      {topBar}
      <main className="room__main" data-cols={cols} data-panel={panelShown}>
        {lobby}
        <section className="room__stage" aria-label={t('room.stage')}>
          {stageView}
        </section>
        {panelShown && <LiveSidebar tab={tab} onTab={setTab} />}
        <section className="room__grid" aria-label={t('room.grid')}>
          <ul className="grid" style={{ '--cols': cols } as CSSProperties}>
            {tiles.map((view) => (
              <Tile key={view.participant.id} view={view} />
            ))}
          </ul>
        </section>
      </main>
      {controls}
      {overlays}
    </div>
  );
  return withNetwork(env ? <LiveProvider value={env}>{room}</LiveProvider> : room);
}

/**
 * Training mode (tập huấn): a trainee starts with the camera off — turned off once, when the
 * meeting's state first says it is a training, so the trainee may still turn it on.
 */
function useTrainingCamera(
  env: LiveEnv | null,
  call: CallHandle,
  dispatch: (a: RoomAction) => void,
  message: string,
): void {
  const done = useRef(false);
  const training = env?.live.context.training === true && env.self.role === 'trainee';
  useEffect(() => {
    if (!training || done.current) return;
    done.current = true;
    if (call.local.videoMuted) return;
    call.setVideoMuted(true);
    dispatch({ type: 'notice', code: 'live', message });
  }, [training, call, dispatch, message]);
}
