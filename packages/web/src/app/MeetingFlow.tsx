// One meeting link's whole journey: look the meeting up, the join page (with a guest passcode when
// nobody is signed in), the lobby, the room, and the left / error pages; owns the call session and
// sets the root element's data-state.
import { signallingUrl, type MeetingInfo } from '@diemcau/protocol';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n';
import { fetchMeeting } from '../lib/api';
import { me } from '../lib/api/auth';
import { Call, type CallHandle, type LocalMedia } from '../lib/call';
import { loadDeviceToken } from '../kiosk/device-token';
import { exposeDebug } from '../lib/debug';
import { loadPrefs, savePrefs } from '../lib/prefs';
import type { Route } from '../lib/route';
import { SignallingClient } from '../lib/signalling-client';
import { initialRoomState, type Phase, type RoomState } from '../state/room-reducer';
import { RoomStore } from '../state/room-store';
import { JoinPage, type JoinRequest } from '../ui/JoinPage';
import { LobbyPage } from '../ui/LobbyPage';
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

/** Join errors a guest can fix on the join page (a wrong passcode, or too many tries). */
const PASSCODE_ERRORS = new Set(['forbidden', 'rate_limited']);

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
    const lobby = params.get('lobby');
    return new MockCall(local, meeting ?? MOCK_MEETING, {
      count: Number(params.get('n') ?? '6'),
      share: params.get('share') === '1',
      moderator: params.get('moderator') === '1',
      lobby: lobby === 'admit' || lobby === 'reject' ? lobby : lobby === '1' ? 'wait' : null,
    });
  }
  return new Call({
    signalling: new SignallingClient({ url: signallingUrl(window.location.origin) }),
    meetingId: route.meetingId,
    name: req.name,
    bridgePoint: req.bridgePoint,
    token: route.token ?? undefined,
    deviceToken: route.kiosk ? (loadDeviceToken() ?? undefined) : undefined,
    passcode: req.passcode ?? undefined,
    local,
    icePolicy: route.icePolicy,
    audioOnly: loadPrefs().audioOnly,
    mixedAudio: loadPrefs().mixedAudio,
  });
}

/**
 * Whether this link is opened by a guest: no invitation token, no kiosk, nobody signed in. Guests
 * are asked for the meeting passcode; a signed-in person joins under their own name. `guest` is
 * null while the session is being looked up.
 */
function useIsGuest(route: MeetingRoute): { guest: boolean | null; userName: string | null } {
  const byLink = route.token !== null || route.kiosk;
  const mockGuest = route.mock && new URLSearchParams(window.location.search).has('lobby');
  const [signedIn, setSignedIn] = useState<{ name: string } | false | null>(null);
  useEffect(() => {
    if (byLink || route.mock) return;
    const ctrl = new AbortController();
    me(ctrl.signal).then(
      (s) => !ctrl.signal.aborted && setSignedIn(s ? { name: s.user.fullName ?? s.user.username } : false),
      () => !ctrl.signal.aborted && setSignedIn(false),
    );
    return () => ctrl.abort();
  }, [byLink, route.mock]);
  if (byLink) return { guest: false, userName: null };
  if (route.mock) return { guest: mockGuest, userName: null };
  if (signedIn === null) return { guest: null, userName: null };
  return signedIn ? { guest: false, userName: signedIn.name } : { guest: true, userName: null };
}

export function MeetingFlow({ route }: { route: MeetingRoute }): ReactElement {
  const { t } = useTranslation();
  const [prefs] = useState(loadPrefs);
  const [lookup, setLookup] = useState<Lookup>({ status: 'loading' });
  const [session, setSession] = useState<Session | null>(null);
  const [joining, setJoining] = useState(false);
  const [entry, setEntry] = useState<{ key: number; route: MeetingRoute; passcodeError: string | null }>({
    key: 0,
    route,
    passcodeError: null,
  });
  const { guest, userName } = useIsGuest(route);
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
  // A wrong passcode goes back to the join page, the error beside the passcode field.
  const passcodeFailure =
    session !== null &&
    state.phase === 'error' &&
    state.error?.phase === 'joining' &&
    entry.route.passcode !== null &&
    PASSCODE_ERRORS.has(state.error.code)
      ? state.error.code
      : null;
  const phase: Phase = session
    ? passcodeFailure
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
      void createCall(entry.route, req, meeting).then((call) => {
        const next: Session = { call, store: new RoomStore(call), speakerId: req.speakerId };
        sessionRef.current = next;
        setSession(next);
        setJoining(false);
        call.start();
        setEntry((l) => ({
          ...l,
          passcodeError: null,
          route: { ...l.route, name: req.name, bridgePoint: req.bridgePoint, passcode: req.passcode },
        }));
      });
    },
    [entry.route, meeting],
  );

  const backToJoinPage = useCallback((autojoin: boolean, passcodeError: string | null = null) => {
    sessionRef.current?.store.dispose();
    sessionRef.current = null;
    setSession(null);
    setEntry((l) => ({ key: l.key + 1, route: { ...l.route, autojoin }, passcodeError }));
  }, []);

  useEffect(() => {
    if (passcodeFailure) backToJoinPage(false, passcodeFailure);
  }, [passcodeFailure, backToJoinPage]);

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
        onRejoin={() => backToJoinPage(true)}
      />
    );
  } else if (session && state.phase === 'lobby') {
    page = (
      <LobbyPage
        title={meeting?.title ?? route.meetingId}
        stream={state.local?.camera ?? null}
        videoMuted={state.local?.videoMuted ?? true}
        onLeave={() => {
          session.call.leave();
          backToJoinPage(false);
        }}
      />
    );
  } else if (session && state.phase === 'error' && !passcodeFailure) {
    const error = state.error;
    const refused = error?.phase === 'lobby' && error.code === 'forbidden';
    page = (
      <ErrorPage
        title={refused ? t('lobby.refusedTitle') : undefined}
        message={
          refused
            ? t('lobby.refused')
            : error
              ? errorText(t, error.code, error.message)
              : t('errors.internal')
        }
        onRetry={() => backToJoinPage(false)}
      />
    );
  } else {
    const passcodeError = entry.passcodeError;
    page = (
      <JoinPage
        // Remount once the signed-in name is known, so the name field starts with it.
        key={`${entry.key}:${userName ?? ''}`}
        route={entry.route.name === '' && userName ? { ...entry.route, name: userName } : entry.route}
        askPasscode={guest === true}
        passcodeError={
          passcodeError === 'forbidden'
            ? t('join.passcodeWrong')
            : passcodeError
              ? errorText(t, passcodeError, passcodeError)
              : null
        }
        title={lookup.status === 'loading' ? null : (meeting?.title ?? route.meetingId)}
        hostBridgePoint={meeting?.hostBridgePoint ?? null}
        lookupWarning={lookup.status === 'error' ? errorText(t, lookup.code, lookup.code) : null}
        prefs={prefs}
        joining={joining || session !== null || (guest === null && entry.route.autojoin)}
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
