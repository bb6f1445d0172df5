// Binds a call to the room reducer outside React, from the moment the call exists, so no event is
// lost before the room page mounts; React reads it with useSyncExternalStore.
import type { CallHandle } from '../lib/call';
import { initialRoomState, roomReducer, type RoomAction, type RoomState } from './room-reducer';

export class RoomStore {
  #state: RoomState;
  readonly #listeners = new Set<() => void>();
  readonly #off: (() => void)[];

  constructor(call: CallHandle) {
    this.#state = initialRoomState(call.local);
    this.#off = [
      call.on('message', (msg) => this.dispatch({ type: 'server', msg })),
      call.on('connection', (state) => this.dispatch({ type: 'connection', state })),
      call.on('remote', (media) => this.dispatch({ type: 'remote', media })),
      call.on('local', (local) => this.dispatch({ type: 'local', local })),
      call.on('publisher', (e) => this.dispatch({ type: 'publisher', ...e })),
      call.on('ended', ({ reason }) => this.dispatch({ type: 'ended', reason })),
      call.on('failure', (f) => this.dispatch({ type: 'failure', ...f })),
      call.on('notice', (n) => this.dispatch({ type: 'notice', ...n })),
    ];
  }

  getState = (): RoomState => this.#state;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  dispatch = (action: RoomAction): void => {
    const next = roomReducer(this.#state, action);
    if (next === this.#state) return;
    this.#state = next;
    for (const l of [...this.#listeners]) l();
  };

  dispose(): void {
    this.#off.forEach((off) => off());
    this.#listeners.clear();
  }
}
