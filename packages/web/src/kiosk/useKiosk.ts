// The kiosk's lifecycle: register once (token in localStorage), poll the state every 3 s, load the
// bridge point's meetings, and send a heartbeat with camera/microphone presence every 30 s.
import { useEffect, useState } from 'react';
import { ApiError } from '../lib/api/client';
import type { KioskMeeting, KioskStateResponse } from '../lib/api/contract';
import { kioskHeartbeat, kioskMeetings, kioskRegister, kioskState } from '../lib/api/devices';
import { loadDeviceToken, saveDeviceToken } from './device-token';

export const STATE_POLL_MS = 3_000;
export const MEETINGS_POLL_MS = 10_000;
export const HEARTBEAT_MS = 30_000;

export type KioskView =
  | { kind: 'starting' }
  | { kind: 'offline'; token: string | null }
  | { kind: 'pairing'; token: string; code: string }
  | { kind: 'paired'; token: string; state: KioskStateResponse };

async function devicePresence(): Promise<{ hasCamera: boolean; hasMicrophone: boolean }> {
  try {
    const list = await navigator.mediaDevices.enumerateDevices();
    return {
      hasCamera: list.some((d) => d.kind === 'videoinput'),
      hasMicrophone: list.some((d) => d.kind === 'audioinput'),
    };
  } catch {
    return { hasCamera: false, hasMicrophone: false };
  }
}

async function register(): Promise<KioskView> {
  const r = await kioskRegister();
  saveDeviceToken(r.token);
  return { kind: 'pairing', token: r.token, code: r.pairingCode };
}

/** One step of the state machine: asks the server and decides the next view. */
async function step(token: string | null): Promise<KioskView> {
  if (!token) return register();
  try {
    const s = await kioskState(token);
    if (s.status === 'paired') return { kind: 'paired', token, state: s };
    if (s.status === 'pending' && s.pairingCode) return { kind: 'pairing', token, code: s.pairingCode };
    // revoked, expired, or pending without a code: forget the token and start over.
    saveDeviceToken(null);
    return register();
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 404)) {
      saveDeviceToken(null);
      return register();
    }
    return { kind: 'offline', token };
  }
}

export function useKiosk(): { view: KioskView; meetings: KioskMeeting[] } {
  const [view, setView] = useState<KioskView>({ kind: 'starting' });
  const [meetings, setMeetings] = useState<KioskMeeting[]>([]);
  const token = view.kind === 'pairing' || view.kind === 'paired' ? view.token : null;
  const paired = view.kind === 'paired';

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    const tick = async (): Promise<void> => {
      const current = loadDeviceToken();
      const next = await step(current).catch((): KioskView => ({ kind: 'offline', token: current }));
      if (stopped) return;
      setView((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
      timer = window.setTimeout(() => void tick(), STATE_POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    if (!token || !paired) {
      setMeetings([]);
      return;
    }
    const ctrl = new AbortController();
    const load = (): void => {
      kioskMeetings(token, ctrl.signal).then(
        (list) => setMeetings(list),
        () => undefined,
      );
    };
    load();
    const id = window.setInterval(load, MEETINGS_POLL_MS);
    return () => {
      ctrl.abort();
      window.clearInterval(id);
    };
  }, [token, paired]);

  useEffect(() => {
    if (!token) return;
    const beat = (): void => {
      void devicePresence()
        .then((p) => kioskHeartbeat(token, p))
        .catch(() => undefined);
    };
    beat();
    const id = window.setInterval(beat, HEARTBEAT_MS);
    return () => window.clearInterval(id);
  }, [token]);

  return { view, meetings };
}
