// The kiosk's network test in the browser: the shared runner (protocol/nettest-runner.ts) over
// RTCPeerConnection and a WebSocket to /ws/nettest, with the room's camera and microphone (or a
// generated picture and tone when they cannot be opened, so that the line is measured anyway),
// first straight to the server and then through TURN only; the result is posted for the ward.
import { NETTEST_PATH, NetTestChannel, runNetworkLeg } from '@diemcau/protocol';
import type {
  IceCandidate,
  NetTestPeer,
  NetTestPeerConfig,
  NetTestTarget,
  NetworkLeg,
  NetworkPath,
  NetworkTestView,
} from '@diemcau/protocol';
import { postNetworkTest } from '../lib/api/nettest';

/** Seconds each leg measures (two legs, plus a second or two each to connect). */
export const LEG_MEASURE_MS = 8_000;

export type NetTestProgress = { leg: NetworkPath; phase: 'connecting' | 'measuring'; secondsLeft?: number };

export interface KioskNetworkTestInput {
  token: string;
  deviceId: string;
  meetingId: string | null;
  trigger: 'auto' | 'manual';
  onProgress?: (p: NetTestProgress) => void;
}

function browserPeer(media: MediaStream, role: NetTestTarget, config: NetTestPeerConfig): NetTestPeer {
  const pc = new RTCPeerConnection({
    iceServers: config.iceServers,
    iceTransportPolicy: config.iceTransportPolicy,
  });
  if (role === 'publisher') {
    // One plain layer (no simulcast): what comes back is exactly what the point could send.
    for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
  }
  const local = (): string => pc.localDescription?.sdp ?? '';
  return {
    async offer() {
      await pc.setLocalDescription(await pc.createOffer());
      return local();
    },
    async answer(offerSdp) {
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      await pc.setLocalDescription(await pc.createAnswer());
      return local();
    },
    accept: (answerSdp) => pc.setRemoteDescription({ type: 'answer', sdp: answerSdp }),
    onCandidate(listener) {
      pc.onicecandidate = (e) => {
        const c = e.candidate;
        if (c === null) return listener(null);
        if (c.candidate === '') return; // Chromium's end-of-candidates marker; null follows
        const init: IceCandidate = {
          candidate: c.candidate,
          sdpMid: c.sdpMid,
          sdpMLineIndex: c.sdpMLineIndex,
        };
        listener(init);
      };
    },
    state: () => pc.connectionState,
    getStats: () => pc.getStats(),
    close: () => pc.close(),
  };
}

function connect(): Promise<NetTestChannel> {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${window.location.host}${NETTEST_PATH}`);
  const channel = new NetTestChannel(
    (text) => ws.send(text),
    () => ws.close(),
  );
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') channel.push(e.data);
  };
  ws.onclose = () => channel.end();
  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(channel);
    ws.onerror = () => reject(new Error('socket_error'));
  });
}

/** A moving noise picture and a tone, for a point whose camera or microphone will not open. */
function generatedMedia(): { stream: MediaStream; stop: () => void } {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d');
  const timer = window.setInterval(() => {
    if (!g) return;
    const img = g.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < img.data.length; i += 4) {
      const v = Math.random() * 255;
      img.data[i] = v;
      img.data[i + 1] = v;
      img.data[i + 2] = v;
      img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
  }, 66);
  const audio = new AudioContext();
  const osc = audio.createOscillator();
  const dest = audio.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  const stream = new MediaStream([
    ...canvas.captureStream(15).getVideoTracks(),
    ...dest.stream.getAudioTracks(),
  ]);
  return {
    stream,
    stop: () => {
      window.clearInterval(timer);
      osc.stop();
      void audio.close();
    },
  };
}

/** The room's camera and microphone, each falling back to generated media when it will not open. */
async function testMedia(): Promise<{
  stream: MediaStream;
  hasCamera: boolean;
  hasMicrophone: boolean;
  stop: () => void;
}> {
  const open = async (constraints: MediaStreamConstraints): Promise<MediaStreamTrack[]> => {
    try {
      return (await navigator.mediaDevices.getUserMedia(constraints)).getTracks();
    } catch {
      return [];
    }
  };
  const video = await open({
    video: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 15 } },
  });
  const audio = await open({ audio: true });
  const generated = video.length === 0 || audio.length === 0 ? generatedMedia() : null;
  const tracks = [
    ...(video.length > 0 ? video : (generated?.stream.getVideoTracks() ?? [])),
    ...(audio.length > 0 ? audio : (generated?.stream.getAudioTracks() ?? [])),
  ];
  return {
    stream: new MediaStream(tracks),
    hasCamera: video.length > 0,
    hasMicrophone: audio.length > 0,
    stop: () => {
      for (const t of [...video, ...audio]) t.stop();
      generated?.stop();
    },
  };
}

/** Runs both legs one after the other and posts the report; resolves with the server's verdict. */
export async function runKioskNetworkTest(input: KioskNetworkTestInput): Promise<NetworkTestView> {
  const startedAt = new Date().toISOString();
  const media = await testMedia();
  try {
    const leg = (path: NetworkPath): Promise<NetworkLeg> =>
      runNetworkLeg({
        path,
        deviceToken: input.token,
        connect,
        createPeer: (role, config) => browserPeer(media.stream, role, config),
        measureMs: LEG_MEASURE_MS,
        onProgress: (phase, secondsLeft) =>
          input.onProgress?.({ leg: path, phase, ...(secondsLeft === undefined ? {} : { secondsLeft }) }),
      });
    const direct = await leg('direct');
    const relay = await leg('relay');
    return await postNetworkTest(input.token, {
      deviceId: input.deviceId,
      meetingId: input.meetingId,
      trigger: input.trigger,
      startedAt,
      hasCamera: media.hasCamera,
      hasMicrophone: media.hasMicrophone,
      direct,
      relay,
    });
  } finally {
    media.stop();
  }
}
