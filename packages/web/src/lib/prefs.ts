// Preferences remembered on this device (language, chosen devices, last name and bridge point,
// audio-only mode).

export interface Prefs {
  lang: 'vi' | 'en';
  cameraId: string | null;
  micId: string | null;
  speakerId: string | null;
  name: string;
  bridgePoint: string;
  /** Receive audio only and send no video (a weak line), chosen in the room. */
  audioOnly: boolean;
  /** "Âm thanh gộp": everyone's audio as one mixed stream (a very weak line), chosen in the room. */
  mixedAudio: boolean;
}

const KEY = 'diemcau.prefs';
const DEFAULTS: Prefs = {
  lang: 'vi',
  cameraId: null,
  micId: null,
  speakerId: null,
  name: '',
  bridgePoint: '',
  audioOnly: false,
  mixedAudio: false,
};

/** Reads saved preferences; unknown or broken values fall back to defaults. */
export function loadPrefs(): Prefs {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return { ...DEFAULTS };
    const saved = JSON.parse(raw) as Partial<Record<keyof Prefs, unknown>>;
    const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
    return {
      lang: saved.lang === 'en' ? 'en' : 'vi',
      cameraId: str(saved.cameraId),
      micId: str(saved.micId),
      speakerId: str(saved.speakerId),
      name: str(saved.name) ?? '',
      bridgePoint: str(saved.bridgePoint) ?? '',
      audioOnly: saved.audioOnly === true,
      mixedAudio: saved.mixedAudio === true,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function savePrefs(patch: Partial<Prefs>): Prefs {
  const next = { ...loadPrefs(), ...patch };
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // private mode or storage full: preferences are a convenience only
  }
  return next;
}
