// Local devices: opening the microphone and camera with graceful fallbacks, listing devices, and
// turning getUserMedia failures into a few kinds the UI can explain in plain words.

export type MediaErrorKind = 'denied' | 'not_found' | 'in_use' | 'insecure' | 'unsupported' | 'unknown';

/** Classifies a getUserMedia/getDisplayMedia failure. */
export function classifyMediaError(err: unknown): MediaErrorKind {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not_found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in_use';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'unknown';
  }
}

export interface DeviceChoice {
  cameraId: string | null;
  micId: string | null;
}

export interface OpenedMedia {
  stream: MediaStream | null;
  audioError: MediaErrorKind | null;
  videoError: MediaErrorKind | null;
}

const VIDEO: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 24, max: 30 },
};
const AUDIO: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

const withDevice = (base: MediaTrackConstraints, id: string | null): MediaTrackConstraints =>
  id ? { ...base, deviceId: { exact: id } } : base;

async function tryOpen(constraints: MediaStreamConstraints): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (err) {
    // A remembered device may be gone: retry once without the exact device id.
    if (classifyMediaError(err) !== 'not_found') throw err;
    const loosen = (c: MediaStreamConstraints['audio']): MediaStreamConstraints['audio'] => {
      if (typeof c !== 'object') return c;
      const { deviceId: _ignored, ...rest } = c;
      return rest;
    };
    return navigator.mediaDevices.getUserMedia({
      audio: loosen(constraints.audio),
      video: loosen(constraints.video),
    });
  }
}

/**
 * Opens microphone and camera together; when that fails, each on its own, so that a missing
 * camera still lets a bridge point join with sound.
 */
export async function openLocalMedia(choice: DeviceChoice): Promise<OpenedMedia> {
  if (!window.isSecureContext) return { stream: null, audioError: 'insecure', videoError: 'insecure' };
  if (!navigator.mediaDevices?.getUserMedia)
    return { stream: null, audioError: 'unsupported', videoError: 'unsupported' };
  const audio = withDevice(AUDIO, choice.micId);
  const video = withDevice(VIDEO, choice.cameraId);
  try {
    return { stream: await tryOpen({ audio, video }), audioError: null, videoError: null };
  } catch {
    // fall through to one device at a time
  }
  const tracks: MediaStreamTrack[] = [];
  let audioError: MediaErrorKind | null = null;
  let videoError: MediaErrorKind | null = null;
  try {
    tracks.push(...(await tryOpen({ audio })).getTracks());
  } catch (err) {
    audioError = classifyMediaError(err);
  }
  try {
    tracks.push(...(await tryOpen({ video })).getTracks());
  } catch (err) {
    videoError = classifyMediaError(err);
  }
  return { stream: tracks.length > 0 ? new MediaStream(tracks) : null, audioError, videoError };
}

export interface DeviceOption {
  id: string;
  label: string;
}

export interface DeviceLists {
  cameras: DeviceOption[];
  mics: DeviceOption[];
  speakers: DeviceOption[];
}

/** Lists devices; labels are empty until permission is granted, so a numbered fallback is used. */
export async function listDevices(): Promise<DeviceLists> {
  const lists: DeviceLists = { cameras: [], mics: [], speakers: [] };
  if (!navigator.mediaDevices?.enumerateDevices) return lists;
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const d of devices) {
    if (!d.deviceId) continue;
    const list =
      d.kind === 'videoinput' ? lists.cameras : d.kind === 'audioinput' ? lists.mics : lists.speakers;
    list.push({ id: d.deviceId, label: d.label || `${d.kind} ${list.length + 1}` });
  }
  return lists;
}

/** Whether audio output can be chosen (HTMLMediaElement.setSinkId). */
export const canChooseSpeaker = (): boolean =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** Routes an element's sound to a speaker; ignores browsers without setSinkId. */
export async function applySink(el: HTMLMediaElement, sinkId: string | null): Promise<void> {
  if (!sinkId || !('setSinkId' in el)) return;
  try {
    await el.setSinkId(sinkId);
  } catch (err) {
    console.warn('[diemcau] setSinkId failed', err);
  }
}

/** The device id a track was opened on. */
export const trackDeviceId = (track: MediaStreamTrack | undefined): string | null =>
  track?.getSettings().deviceId ?? null;
