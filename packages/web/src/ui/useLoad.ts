// Loading data for a screen: the latest result of an async call, its error, and reload().
import { useCallback, useEffect, useRef, useState } from 'react';

export type Load<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ok'; data: T; error: null }
  | { status: 'error'; data: T | null; error: unknown };

/** Runs `fn` on mount and whenever `key` changes; aborts the stale call. */
export function useLoad<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  key: string,
): Load<T> & { reload: () => void } {
  const [state, setState] = useState<Load<T>>({ status: 'loading', data: null, error: null });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ status: 'loading', data: s.data, error: null }));
    fnRef.current(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ status: 'ok', data, error: null }),
      (error: unknown) => !ctrl.signal.aborted && setState((s) => ({ status: 'error', data: s.data, error })),
    );
    return () => ctrl.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
