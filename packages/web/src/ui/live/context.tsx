// What every live panel needs, given once by the room: the meeting's live state, who "I" am, the
// people in the room, and `act` — which sends one action and turns a refusal into a clear notice.
import type { LiveAction, LiveState, Participant } from '@diemcau/protocol';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { CallHandle } from '../../lib/call';
import { SignallingError } from '../../lib/signalling-client';
import { actionErrorKey } from '../../state/live-logic';
import type { RoomAction } from '../../state/room-reducer';

/** Sends an action; resolves true once the server wrote it, false when it was refused (notice shown). */
export type Act = (action: LiveAction) => Promise<boolean>;

export interface LiveEnv {
  live: LiveState;
  self: Participant;
  participants: Participant[];
  act: Act;
}

const Ctx = createContext<LiveEnv | null>(null);

export function LiveProvider({ value, children }: { value: LiveEnv; children: ReactNode }): ReactElement {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The live environment; only used under <LiveProvider>. */
export function useLive(): LiveEnv {
  const env = useContext(Ctx);
  if (!env) throw new Error('useLive outside LiveProvider');
  return env;
}

/** Builds `act` over the call: errors become a notice in Vietnamese (or English). */
export function useActOver(call: CallHandle, dispatch: (a: RoomAction) => void): Act {
  const { t } = useTranslation();
  return useCallback(
    async (action: LiveAction) => {
      try {
        await call.act(action);
        return true;
      } catch (err) {
        const code = err instanceof SignallingError ? err.code : 'internal';
        const key = actionErrorKey(action.type, code);
        const text = t(key);
        // NOTE: code 'live' has no errors.* entry, so the notice shows our text as it is.
        dispatch({ type: 'notice', code: 'live', message: text === key ? t('errors.internal') : text });
        return false;
      }
    },
    [call, dispatch, t],
  );
}

/** Runs an action with a pending flag (buttons disable while the server decides). */
export function usePending(): [boolean, (run: () => Promise<unknown>) => void] {
  const [pending, setPending] = useState(false);
  const start = useCallback((run: () => Promise<unknown>) => {
    setPending(true);
    void run().finally(() => setPending(false));
  }, []);
  return [pending, start];
}

/** The current time, refreshed every `ms` (timers of speeches and agenda items). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
