// The call's network state for the room's components (badges, banner, tile size reports), read
// from the call as it changes; and the registry through which tiles report their on-screen size.
import { createContext, useCallback, useContext, useRef, useState, useSyncExternalStore } from 'react';
import type { CallHandle } from '../../lib/call';
import type { NetworkState } from '../../lib/call-network';
import { TileSizes } from '../../lib/layout-reporter';

const NetworkContext = createContext<NetworkState | null>(null);
const TileSizesContext = createContext<TileSizes | null>(null);

export const NetworkProvider = NetworkContext.Provider;
export const TileSizesProvider = TileSizesContext.Provider;

/** The room's network state, or null outside a room. */
export function useNetwork(): NetworkState | null {
  return useContext(NetworkContext);
}

/** Follows the call's network state (receive mode, quality levels, audio only, reconnects). */
export function useCallNetwork(call: CallHandle): NetworkState {
  const subscribe = useCallback((onChange: () => void) => call.on('network', onChange), [call]);
  return useSyncExternalStore(subscribe, () => call.network);
}

/**
 * One size registry per room page; its settled sizes go to the call as `view.layout`. NOTE: not
 * disposed on unmount: every tile's ref detaches then (unobserving itself), and a StrictMode
 * remount keeps using it.
 */
export function useTileSizes(call: CallHandle): TileSizes {
  const [sizes] = useState(() => new TileSizes({ onChange: (s) => call.setView(s) }));
  return sizes;
}

/**
 * A ref callback that reports the element's size as where `participantId`'s camera is shown; the
 * largest place wins. No-op outside a room (or for our own tile: pass null).
 */
export function useReportTile(participantId: string | null): (el: HTMLElement | null) => void {
  const sizes = useContext(TileSizesContext);
  const current = useRef<HTMLElement | null>(null);
  const ref = useCallback(
    (el: HTMLElement | null) => {
      if (current.current && sizes) sizes.unobserve(current.current);
      current.current = el;
      if (el && sizes && participantId) sizes.observe(el, participantId);
    },
    [sizes, participantId],
  );
  return ref;
}
