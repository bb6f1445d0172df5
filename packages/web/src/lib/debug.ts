// window.__diemcau: a small, read-only hook for end-to-end tests and field diagnostics
// (inbound media stats per remote participant, and the room phase).
import type { ParticipantStats } from './stats';

export interface DiemcauDebug {
  /** Inbound audio/video stats per remote participant id, from the subscriber connection. */
  stats(): Promise<Record<string, ParticipantStats>>;
  /** The page's phase and own participant id. */
  state(): { phase: string; selfId: string | null; participants: number };
}

declare global {
  interface Window {
    __diemcau?: DiemcauDebug;
  }
}

export function exposeDebug(debug: DiemcauDebug): void {
  window.__diemcau = debug;
}
