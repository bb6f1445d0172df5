// The kiosk's network test in the browser: the shared runner (protocol/nettest-runner.ts) over
// RTCPeerConnection and a WebSocket to /ws/nettest, sending a generated picture and the room's
// microphone, first straight to the server and then through TURN only; the result is posted for
// the ward with whether the camera and microphone opened.
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

/**
 * A moving noise picture (big random blocks: nothing for the encoder to compress) and a tone.
 * NOTE: the test sends this rather than the camera: a quiet room's picture encodes to a few
 * hundred kbit/s whatever the line could carry, and what comes back would then measure the
 * scene, not the line. The camera is still opened once, to report whether it works.
 */
function generatedMedia(): { video: MediaStreamTrack[]; audio: MediaStreamTrack[]; stop: () => void } {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 360;
  const g = canvas.getContext('2d');
  const noise = document.createElement('canvas');
  noise.width = 160;
  noise.height = 90;
  const n = noise.getContext('2d');
  const timer = window.setInterval(() => {
    if (!g || !n) return;
    const img = n.createImageData(noise.width, noise.height);
    for (let i = 0; i < img.data.length; i += 4) {
      img.data[i] = Math.random() * 255;
      img.data[i + 1] = Math.random() * 255;
      img.data[i + 2] = Math.random() * 255;
      img.data[i + 3] = 255;
    }
    n.putImageData(img, 0, 0);
    g.imageSmoothingEnabled = false;
    g.drawImage(noise, 0, 0, canvas.width, canvas.height);
  }, 66);
  const audio = new AudioContext();
  const osc = audio.createOscillator();
  const dest = audio.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  return {
    video: canvas.captureStream(15).getVideoTracks(),
    audio: dest.stream.getAudioTracks(),
    stop: () => {
      window.clearInterval(timer);
      osc.stop();
      void audio.close();
    },
  };
}

/** What the test sends: generated video, the microphone (a tone if it will not open); and whether the camera opens. */
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
  const camera = await open({ video: true });
  for (const t of camera) t.stop();
  const microphone = await open({ audio: true });
  const generated = generatedMedia();
  const audio = microphone.length > 0 ? microphone : generated.audio;
  return {
    stream: new MediaStream([...generated.video, ...audio]),
    hasCamera: camera.length > 0,
    hasMicrophone: microphone.length > 0,
    stop: () => {
      for (const t of [...microphone, ...generated.video, ...generated.audio]) t.stop();
      generated.stop();
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
