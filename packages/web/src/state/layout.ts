// What goes on the stage and which simulcast layer each remote camera needs: pure functions of
// the room state and the screen size.
import type { Participant } from '@diemcau/protocol';
import type { RoomState } from './room-reducer';

export type Stage =
  | { kind: 'screen'; participant: Participant }
  | { kind: 'self-screen' }
  | { kind: 'camera'; participant: Participant }
  | { kind: 'empty' };

/** The label a bridge point is known by: its bridge point name, else the participant's name. */
export const labelOf = (p: Pick<Participant, 'name' | 'bridgePoint'>): string => p.bridgePoint ?? p.name;

/** Up to two initials for the camera-off avatar ("Khu phố 4" → "K4", "Nguyễn Văn An" → "NA"). */
export function initialsOf(label: string): string {
  const words = label.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1] ?? '') : '';
  return (Array.from(first)[0] ?? '').concat(Array.from(last)[0] ?? '').toLocaleUpperCase('vi');
}

/**
 * The stage: the participant the chair spotlighted (their shared screen if they share, else their
 * camera), else a shared screen (remote first), else the last remote speaker, else the host bridge
 * point, else the first remote participant; empty when alone.
 */
export function pickStage(
  state: Pick<RoomState, 'participants' | 'selfId' | 'stageSpeakerId' | 'meeting' | 'local'>,
  spotlight: Participant | null = null,
): Stage {
  // NOTE: the chair's spotlight beats everything else, a presenter's slides included: when the
  // floor goes to a bridge point, every hall must see who speaks.
  if (spotlight)
    return spotlight.publishing.screen
      ? { kind: 'screen', participant: spotlight }
      : { kind: 'camera', participant: spotlight };
  const remotes = state.participants.filter((p) => p.id !== state.selfId);
  const sharer = remotes.find((p) => p.publishing.screen);
  if (sharer) return { kind: 'screen', participant: sharer };
  if (state.local?.screen) return { kind: 'self-screen' };
  const speaker = remotes.find((p) => p.id === state.stageSpeakerId);
  if (speaker) return { kind: 'camera', participant: speaker };
  const host = state.meeting?.hostBridgePoint;
  const hostParticipant = host ? remotes.find((p) => p.bridgePoint === host) : undefined;
  if (hostParticipant) return { kind: 'camera', participant: hostParticipant };
  const first = remotes[0];
  return first ? { kind: 'camera', participant: first } : { kind: 'empty' };
}

export type Substream = 0 | 1 | 2;

/**
 * Simulcast layer per remote camera: the stage camera gets the top layer; grid tiles the middle
 * one while there are few, the lowest when many or on a small screen.
 */
export function qualityPlan(
  stage: Stage,
  remoteIds: readonly string[],
  options: { compact: boolean; manyTiles?: number },
): Map<string, Substream> {
  const many = remoteIds.length + 1 > (options.manyTiles ?? 4);
  const plan = new Map<string, Substream>();
  for (const id of remoteIds) plan.set(id, options.compact || many ? 0 : 1);
  if (stage.kind === 'camera') plan.set(stage.participant.id, options.compact ? 1 : 2);
  return plan;
}
