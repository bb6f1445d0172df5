// The join page: meeting title, name and bridge point, a device check (camera preview, mic level
// meter, speaker test, device selects, on/off toggles), the guest passcode when asked, and one big
// "Vào họp" button.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { playTestTone } from '../lib/audio';
import { warmUpWebRtc } from '../lib/peer';
import { canChooseSpeaker, type DeviceOption, type MediaErrorKind } from '../lib/devices';
import type { Prefs } from '../lib/prefs';
import type { Route } from '../lib/route';
import { Brand } from './Brand';
import { AlertIcon, CameraIcon, CameraOffIcon, MicIcon, MicOffIcon, SpeakerIcon } from './icons';
import { LanguageSwitch } from './LanguageSwitch';
import { useLocalMedia } from './useLocalMedia';
import { VideoView } from './VideoView';

export interface JoinRequest {
  name: string;
  bridgePoint: string | null;
  stream: MediaStream | null;
  audioMuted: boolean;
  videoMuted: boolean;
  speakerId: string | null;
  /** A guest's meeting passcode (digits); null when not asked. */
  passcode: string | null;
}

interface JoinPageProps {
  route: Extract<Route, { kind: 'meeting' }>;
  /** Nobody is signed in and the link has no token: ask for the guest passcode. */
  askPasscode: boolean;
  /** Why the last try with a passcode failed (shown beside the field). */
  passcodeError: string | null;
  title: string | null;
  hostBridgePoint: string | null;
  lookupWarning: string | null;
  prefs: Prefs;
  joining: boolean;
  onJoin: (request: JoinRequest) => void;
}

function DeviceSelect(props: {
  label: string;
  options: DeviceOption[];
  value: string | null;
  onChange: (id: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value)}
        disabled={props.options.length === 0}
      >
        {props.options.length === 0 && <option value="">{t('join.noDevice')}</option>}
        {props.value === null && props.options.length > 0 && (
          <option value="">{t('join.defaultDevice')}</option>
        )}
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function MediaError({ kind, device }: { kind: MediaErrorKind; device: 'camera' | 'mic' }): ReactElement {
  const { t } = useTranslation();
  const name = t(`media.${device}`);
  const text = t(`media.${kind}`, { device: name });
  return <li>{text.charAt(0).toLocaleUpperCase('vi') + text.slice(1)}</li>;
}

/** The guest passcode field: digits only, with a short explanation and the server's refusal. */
function PasscodeField(props: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  inputId: string;
}): ReactElement {
  const { t } = useTranslation();
  const { inputId: id, error } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{t('join.passcodeLabel')}</label>
      <input
        id={id}
        value={props.value}
        inputMode="numeric"
        autoComplete="off"
        maxLength={32}
        placeholder={t('join.passcodePlaceholder')}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-err ${id}-hint` : `${id}-hint`}
        onChange={(e) => props.onChange(e.target.value.replace(/\D/g, ''))}
        data-testid="join-passcode"
      />
      {error && (
        <p id={`${id}-err`} className="field__error" role="alert" data-testid="join-passcode-error">
          {error}
        </p>
      )}
      <p id={`${id}-hint`} className="field__hint">
        {t('join.passcodeHint')}
      </p>
    </div>
  );
}

export function JoinPage({
  route,
  askPasscode,
  passcodeError,
  title,
  hostBridgePoint,
  lookupWarning,
  prefs,
  joining,
  onJoin,
}: JoinPageProps): ReactElement {
  const { t } = useTranslation();
  const [media, controls] = useLocalMedia(prefs);
  const fromLink = route.name !== '';
  const [name, setName] = useState(fromLink ? route.name : prefs.name);
  const [bridgePoint, setBridgePoint] = useState(route.bridgePoint ?? (fromLink ? '' : prefs.bridgePoint));
  const [micOn, setMicOn] = useState(true);
  const [cameraOn, setCameraOn] = useState(true);
  const [nameError, setNameError] = useState(false);
  const [passcode, setPasscode] = useState(route.passcode ?? '');
  const [passcodeMissing, setPasscodeMissing] = useState(false);
  const passcodeId = useId();
  const [testing, setTesting] = useState(false);
  const autoJoined = useRef(false);
  const nameId = useId();
  const bpId = useId();

  const stream = media.stream;
  const hasAudio = (stream?.getAudioTracks().length ?? 0) > 0;
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  useEffect(() => {
    stream?.getAudioTracks().forEach((tr) => (tr.enabled = micOn));
    stream?.getVideoTracks().forEach((tr) => (tr.enabled = cameraOn));
  }, [stream, micOn, cameraOn]);

  const submit = (e?: FormEvent): void => {
    e?.preventDefault();
    const label = name.trim() || (route.autojoin ? bridgePoint.trim() || 'Điểm cầu' : '');
    if (!label) {
      setNameError(true);
      document.getElementById(nameId)?.focus();
      return;
    }
    setNameError(false);
    if (askPasscode && passcode === '') {
      setPasscodeMissing(true);
      document.getElementById(passcodeId)?.focus();
      return;
    }
    setPasscodeMissing(false);
    const bp = bridgePoint.trim() || null;
    onJoin({
      name: label,
      bridgePoint: bp,
      stream: controls.handOver(),
      audioMuted: !micOn,
      videoMuted: !cameraOn,
      speakerId: media.speakerId,
      passcode: askPasscode ? passcode : null,
    });
  };

  useEffect(warmUpWebRtc, []);
  useEffect(() => {
    if (passcodeError) document.getElementById(passcodeId)?.focus();
  }, [passcodeError, passcodeId]);

  useEffect(() => {
    if (!route.autojoin || autoJoined.current || joining || media.status !== 'ready' || title === null)
      return;
    autoJoined.current = true;
    submit();
  });

  const testSpeaker = (): void => {
    setTesting(true);
    playTestTone(media.speakerId)
      .catch((err: unknown) => console.warn('[diemcau] test tone', err))
      .finally(() => setTesting(false));
  };

  const levelPct = Math.round(media.level * 100);
  const errors = media.audioError || media.videoError;

  return (
    <div className="join">
      <header className="join__header">
        <Brand />
        <LanguageSwitch />
      </header>
      <main className="join__main">
        <section className="join__intro">
          <p className="eyebrow">{t('join.heading')}</p>
          <h1 className="join__title">{title ?? t('join.loading')}</h1>
          {hostBridgePoint && <p className="join__host">{t('join.host', { name: hostBridgePoint })}</p>}
          <p className="join__id">{t('join.meetingId', { id: route.meetingId })}</p>
          {lookupWarning && (
            <p className="alert alert--warn" role="status">
              <AlertIcon /> {lookupWarning}
            </p>
          )}
        </section>
        <div className="join__card">
          <section className="join__preview" aria-label={t('join.deviceCheck')}>
            <div className="preview">
              {hasVideo && cameraOn ? (
                <VideoView stream={stream} mirrored label={t('join.previewLabel')} testId="preview-video" />
              ) : (
                <div className="preview__off">
                  <CameraOffIcon size="3rem" />
                  <span>{t('join.previewOff')}</span>
                </div>
              )}
              <div className="preview__toggles">
                <button
                  type="button"
                  className={`round-toggle ${micOn && hasAudio ? '' : 'round-toggle--off'}`}
                  aria-pressed={micOn && hasAudio}
                  aria-label={t('join.micToggle')}
                  title={`${t('join.micToggle')}: ${micOn ? t('join.on') : t('join.off')}`}
                  disabled={!hasAudio}
                  onClick={() => setMicOn((v) => !v)}
                  data-testid="join-mic-toggle"
                >
                  {micOn && hasAudio ? <MicIcon /> : <MicOffIcon />}
                </button>
                <button
                  type="button"
                  className={`round-toggle ${cameraOn && hasVideo ? '' : 'round-toggle--off'}`}
                  aria-pressed={cameraOn && hasVideo}
                  aria-label={t('join.cameraToggle')}
                  title={`${t('join.cameraToggle')}: ${cameraOn ? t('join.on') : t('join.off')}`}
                  disabled={!hasVideo}
                  onClick={() => setCameraOn((v) => !v)}
                  data-testid="join-camera-toggle"
                >
                  {cameraOn && hasVideo ? <CameraIcon /> : <CameraOffIcon />}
                </button>
              </div>
            </div>
            <div className="meter-row">
              <MicIcon size="1.3em" />
              <div
                className="meter"
                role="meter"
                aria-label={t('join.micLevel')}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={micOn ? levelPct : 0}
                data-testid="mic-meter"
              >
                <div className="meter__bar" style={{ width: `${micOn ? levelPct : 0}%` }} />
              </div>
            </div>
            <p className="hint">{t('join.micHint')}</p>
            {errors && (
              <div className="alert alert--error" role="alert" data-testid="media-error">
                <AlertIcon />
                <div>
                  <ul>
                    {media.audioError && <MediaError kind={media.audioError} device="mic" />}
                    {media.videoError && media.videoError !== media.audioError && (
                      <MediaError kind={media.videoError} device="camera" />
                    )}
                  </ul>
                  <p>{t('media.joinWithout')}</p>
                  <button type="button" className="btn btn--ghost" onClick={controls.retry}>
                    {t('join.retryDevices')}
                  </button>
                </div>
              </div>
            )}
          </section>
          <div className="join__side">
            <form className="join__form" onSubmit={submit} noValidate>
              <div className="field">
                <label htmlFor={nameId}>{t('join.nameLabel')}</label>
                <input
                  id={nameId}
                  value={name}
                  maxLength={80}
                  autoComplete="name"
                  placeholder={t('join.namePlaceholder')}
                  aria-invalid={nameError}
                  aria-describedby={nameError ? `${nameId}-err` : undefined}
                  onChange={(e) => setName(e.target.value)}
                  data-testid="input-name"
                />
                {nameError && (
                  <p id={`${nameId}-err`} className="field__error">
                    {t('join.nameRequired')}
                  </p>
                )}
              </div>
              <div className="field">
                <label htmlFor={bpId}>{t('join.bpLabel')}</label>
                <input
                  id={bpId}
                  value={bridgePoint}
                  maxLength={120}
                  placeholder={t('join.bpPlaceholder')}
                  aria-describedby={`${bpId}-hint`}
                  onChange={(e) => setBridgePoint(e.target.value)}
                  data-testid="input-bridge-point"
                />
                <p id={`${bpId}-hint`} className="field__hint">
                  {t('join.bpHint')}
                </p>
              </div>
              {askPasscode && (
                <PasscodeField
                  value={passcode}
                  onChange={(v) => {
                    setPasscode(v);
                    setPasscodeMissing(false);
                  }}
                  error={passcodeMissing ? t('join.passcodeRequired') : passcodeError}
                  inputId={passcodeId}
                />
              )}
              <button
                type="submit"
                className="btn btn--primary btn--xl"
                data-testid="btn-join"
                disabled={joining || media.status === 'opening'}
              >
                {joining ? t('join.joining') : t('join.joinButton')}
              </button>
            </form>
            <fieldset className="devices">
              <legend>{t('join.deviceCheck')}</legend>
              <DeviceSelect
                label={t('join.camera')}
                options={media.devices.cameras}
                value={media.cameraId}
                onChange={controls.setCamera}
              />
              <DeviceSelect
                label={t('join.microphone')}
                options={media.devices.mics}
                value={media.micId}
                onChange={controls.setMic}
              />
              {canChooseSpeaker() ? (
                <DeviceSelect
                  label={t('join.speaker')}
                  options={media.devices.speakers}
                  value={media.speakerId}
                  onChange={controls.setSpeaker}
                />
              ) : (
                <p className="field__hint">{t('join.speakerUnsupported')}</p>
              )}
              <button type="button" className="btn btn--ghost" onClick={testSpeaker} disabled={testing}>
                <SpeakerIcon /> {testing ? t('join.testingSpeaker') : t('join.testSpeaker')}
              </button>
            </fieldset>
          </div>
        </div>
      </main>
    </div>
  );
}
