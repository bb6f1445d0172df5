// One meeting link's whole journey: look the meeting up, the join page, the room, and the left /
// error pages; owns the call session and sets the root element's data-state.
import { signallingUrl, type MeetingInfo } from '@diemcau/protocol';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';
import { fetchMeeting } from '../lib/api';
import { Call, type CallHandle, type LocalMedia } from '../lib/call';
import { loadDeviceToken } from '../kiosk/device-token';
import { exposeDebug } from '../lib/debug';
import { loadPrefs, savePrefs } from '../lib/prefs';
import type { Route } from '../lib/route';
import { SignallingClient } from '../lib/signalling-client';
import { initialRoomState, type Phase, type RoomState } from '../state/room-reducer';
import { RoomStore } from '../state/room-store';
import { JoinPage, type JoinRequest } from '../ui/JoinPage';
import { RoomPage } from '../ui/RoomPage';
import { ErrorPage, LeftPage } from '../ui/StatusPages';

type MeetingRoute = Extract<Route, { kind: 'meeting' }>;
type Lookup =
  { status: 'loading' } | { status: 'ok'; meeting: MeetingInfo } | { status: 'error'; code: string };

interface Session {
  call: CallHandle;
  store: RoomStore;
  speakerId: string | null;
}

const IDLE_STATE = initialRoomState();
const noSubscribe = (): (() => void) => () => undefined;
const idleSnapshot = (): RoomState => IDLE_STATE;

const MOCK_MEETING: MeetingInfo = {
  id: 'mock',
  title: 'Họp giao ban tháng 11 — Phường An Phú Đông',
  hostBridgePoint: 'Hội trường UBND phường',
};

async function createCall(
  route: MeetingRoute,
  req: JoinRequest,
  meeting: MeetingInfo | null,
): Promise<CallHandle> {
  const local: LocalMedia = {
    camera: req.stream,
    screen: null,
    audioMuted: req.audioMuted,
    videoMuted: req.videoMuted,
  };
  if (route.mock) {
    const { MockCall } = await import('../lib/mock-call');
    const params = new URLSearchParams(window.location.search);
    return new MockCall(local, meeting ?? MOCK_MEETING, {
      count: Number(params.get('n') ?? '6'),
      share: params.get('share') === '1',
    });
  }
  return new Call({
    signalling: new SignallingClient({ url: signallingUrl(window.location.origin) }),
    meetingId: route.meetingId,
    name: req.name,
    bridgePoint: req.bridgePoint,
    token: route.token ?? undefined,
    deviceToken: route.kiosk ? (loadDeviceToken() ?? undefined) : undefined,
    passcode: route.passcode ?? undefined,
    local,
    icePolicy: route.icePolicy,
  });
}

export function MeetingFlow({ route }: { route: MeetingRoute }): ReactElement {
  const { t } = useTranslation();
  const [prefs] = useState(loadPrefs);
  const [lookup, setLookup] = useState<Lookup>({ status: 'loading' });
  const [session, setSession] = useState<Session | null>(null);
  const [joining, setJoining] = useState(false);
  const [lobby, setLobby] = useState({ key: 0, route });
  const sessionRef = useRef<Session | null>(null);

  useEffect(() => {
    if (route.mock) {
      setLookup({ status: 'ok', meeting: { ...MOCK_MEETING, id: route.meetingId } });
      return;
    }
    const ctrl = new AbortController();
    void fetchMeeting(route.meetingId, ctrl.signal).then((r) => {
      if (!ctrl.signal.aborted)
        setLookup(r.ok ? { status: 'ok', meeting: r.meeting } : { status: 'error', code: r.code });
    });
    return () => ctrl.abort();
  }, [route.meetingId, route.mock]);

  const state = useSyncExternalStore(
    session?.store.subscribe ?? noSubscribe,
    session?.store.getState ?? idleSnapshot,
  );
  const meeting = state.meeting ?? (lookup.status === 'ok' ? lookup.meeting : null);
  const phase: Phase = session
    ? state.phase === 'joining'
      ? 'joining'
      : state.phase
    : lookup.status === 'error' && lookup.code === 'meeting_not_found'
      ? 'error'
      : 'joining';

  useEffect(() => {
    document.title = meeting ? `${meeting.title} — ${t('app.name')}` : t('app.name');
  }, [meeting, t]);

  useEffect(() => {
    exposeDebug({
      stats: () => sessionRef.current?.call.stats() ?? Promise.resolve({}),
      state: () => {
        const s = sessionRef.current?.store.getState();
        return { phase, selfId: s?.selfId ?? null, participants: s?.participants.length ?? 0 };
      },
    });
  }, [phase]);

  useEffect(() => {
    const onHide = (): void => sessionRef.current?.call.leave();
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, []);

  const join = useCallback(
    (req: JoinRequest) => {
      savePrefs({ name: req.name, bridgePoint: req.bridgePoint ?? '' });
      setJoining(true);
      void createCall(lobby.route, req, meeting).then((call) => {
        const next: Session = { call, store: new RoomStore(call), speakerId: req.speakerId };
        sessionRef.current = next;
        setSession(next);
        setJoining(false);
        call.start();
        setLobby((l) => ({ ...l, route: { ...l.route, name: req.name, bridgePoint: req.bridgePoint } }));
      });
    },
    [lobby.route, meeting],
  );

  const backToLobby = useCallback((autojoin: boolean) => {
    sessionRef.current?.store.dispose();
    sessionRef.current = null;
    setSession(null);
    setLobby((l) => ({ key: l.key + 1, route: { ...l.route, autojoin } }));
  }, []);

  let page: ReactElement;
  if (!session && lookup.status === 'error' && lookup.code === 'meeting_not_found') {
    page = <ErrorPage message={t('errors.meeting_not_found')} />;
  } else if (session && state.phase === 'joined') {
    page = (
      <RoomPage
        call={session.call}
        state={state}
        dispatch={session.store.dispatch}
        fallbackTitle={meeting?.title ?? route.meetingId}
        speakerId={session.speakerId}
        mock={route.mock}
      />
    );
  } else if (session && state.phase === 'left') {
    page = (
      <LeftPage
        reason={state.leaveReason ?? 'left'}
        title={meeting?.title ?? null}
        onRejoin={() => backToLobby(true)}
      />
    );
  } else if (session && state.phase === 'error') {
    const error = state.error;
    page = (
      <ErrorPage
        message={error ? errorText(t, error.code, error.message) : t('errors.internal')}
        onRetry={() => backToLobby(false)}
      />
    );
  } else {
    page = (
      <JoinPage
        key={lobby.key}
        route={lobby.route}
        title={lookup.status === 'loading' ? null : (meeting?.title ?? route.meetingId)}
        hostBridgePoint={meeting?.hostBridgePoint ?? null}
        lookupWarning={lookup.status === 'error' ? errorText(t, lookup.code, lookup.code) : null}
        prefs={prefs}
        joining={joining || session !== null}
        onJoin={join}
      />
    );
  }

  return (
    <div className="app" data-state={phase} data-testid="app">
      {page}
    </div>
  );
}
