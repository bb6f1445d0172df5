// The join page's devices: opens mic and camera with the chosen devices, lists devices, watches
// the mic level, and hands the stream over to the call when joining (it is then not stopped here).
import { useCallback, useEffect, useRef, useState } from 'react';
import { watchLevel } from '../lib/audio';
import {
  listDevices,
  openLocalMedia,
  trackDeviceId,
  type DeviceLists,
  type MediaErrorKind,
} from '../lib/devices';
import { savePrefs, type Prefs } from '../lib/prefs';

export interface LocalMediaState {
  status: 'opening' | 'ready';
  stream: MediaStream | null;
  audioError: MediaErrorKind | null;
  videoError: MediaErrorKind | null;
  devices: DeviceLists;
  cameraId: string | null;
  micId: string | null;
  speakerId: string | null;
  level: number;
}

export interface LocalMediaControls {
  setCamera: (id: string) => void;
  setMic: (id: string) => void;
  setSpeaker: (id: string) => void;
  retry: () => void;
  /** Gives the stream away (to the call); this hook will no longer stop it. */
  handOver: () => MediaStream | null;
}

export function useLocalMedia(prefs: Prefs): [LocalMediaState, LocalMediaControls] {
  const [choice, setChoice] = useState({ cameraId: prefs.cameraId, micId: prefs.micId, attempt: 0 });
  const [speakerId, setSpeakerId] = useState(prefs.speakerId);
  const [state, setState] = useState<Omit<LocalMediaState, 'speakerId' | 'level'>>({
    status: 'opening',
    stream: null,
    audioError: null,
    videoError: null,
    devices: { cameras: [], mics: [], speakers: [] },
    cameraId: prefs.cameraId,
    micId: prefs.micId,
  });
  const [level, setLevel] = useState(0);
  const handedOver = useRef(false);
  const streamRef = useRef<MediaStream | null>(null);

  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, status: 'opening' }));
    void (async () => {
      const opened = await openLocalMedia({ cameraId: choice.cameraId, micId: choice.micId });
      const devices = await listDevices().catch(() => ({ cameras: [], mics: [], speakers: [] }));
      if (cancelled || handedOver.current) {
        opened.stream?.getTracks().forEach((t) => t.stop());
        return;
      }
      streamRef.current = opened.stream;
      setState({
        status: 'ready',
        stream: opened.stream,
        audioError: opened.audioError,
        videoError: opened.videoError,
        devices,
        cameraId: trackDeviceId(opened.stream?.getVideoTracks()[0]) ?? choice.cameraId,
        micId: trackDeviceId(opened.stream?.getAudioTracks()[0]) ?? choice.micId,
      });
    })();
    return () => {
      cancelled = true;
      if (!handedOver.current) streamRef.current?.getTracks().forEach((t) => t.stop());
      streamRef.current = null;
    };
  }, [choice]);

  const stream = state.stream;
  useEffect(() => {
    if (!stream) return;
    return watchLevel(stream, setLevel);
  }, [stream]);

  const setCamera = useCallback((id: string) => {
    savePrefs({ cameraId: id });
    setChoice((c) => ({ ...c, cameraId: id }));
  }, []);
  const setMic = useCallback((id: string) => {
    savePrefs({ micId: id });
    setChoice((c) => ({ ...c, micId: id }));
  }, []);
  const setSpeaker = useCallback((id: string) => {
    savePrefs({ speakerId: id });
    setSpeakerId(id);
  }, []);
  const retry = useCallback(() => setChoice((c) => ({ ...c, attempt: c.attempt + 1 })), []);
  const handOver = useCallback(() => {
    handedOver.current = true;
    return streamRef.current;
  }, []);

  return [
    { ...state, speakerId, level },
    { setCamera, setMic, setSpeaker, retry, handOver },
  ];
}
