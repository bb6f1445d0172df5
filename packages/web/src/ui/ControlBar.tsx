// The bottom control bar: large labelled buttons for microphone, camera, screen share and leave
// (toggles expose aria-pressed; M, V and S are keyboard shortcuts).
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CameraIcon,
  CameraOffIcon,
  LeaveIcon,
  MicIcon,
  MicOffIcon,
  ScreenIcon,
  ScreenStopIcon,
} from './icons';

interface ControlButtonProps {
  testId: string;
  /** For a button that shows or hides a panel. */
  expanded?: boolean;
  label: string;
  icon: ReactNode;
  onClick: () => void;
  pressed?: boolean;
  off?: boolean;
  stateText?: string;
  shortcut?: string;
  disabled?: boolean;
  variant?: 'danger';
}

export function ControlButton(props: ControlButtonProps): ReactElement {
  const { testId, label, icon, onClick, pressed, off, stateText, shortcut, disabled, variant, expanded } =
    props;
  const classes = [
    'control',
    off ? 'control--off' : '',
    pressed && !off ? 'control--on' : '',
    variant ? `control--${variant}` : '',
  ];
  return (
    <button
      type="button"
      className={classes.join(' ').replace(/\s+/g, ' ').trim()}
      data-testid={testId}
      aria-pressed={pressed}
      aria-expanded={expanded}
      aria-keyshortcuts={shortcut}
      title={shortcut ? `${label} (${shortcut})` : label}
      disabled={disabled}
      onClick={onClick}
    >
      <span className="control__icon">{icon}</span>
      <span className="control__label">{label}</span>
      <span className="control__state" aria-hidden="true">
        {stateText ?? '\u00a0'}
      </span>
    </button>
  );
}

interface ControlBarProps {
  audioMuted: boolean;
  videoMuted: boolean;
  sharing: boolean;
  hasAudio: boolean;
  hasVideo: boolean;
  canShare: boolean;
  onToggleMic: () => void;
  onToggleCamera: () => void;
  onToggleShare: () => void;
  onLeave: () => void;
  /** More buttons after the media ones (the meeting panel, the chair console). */
  extra?: ReactNode;
}

export function ControlBar(p: ControlBarProps): ReactElement {
  const { t } = useTranslation();
  const state = (on: boolean): string => (on ? t('controls.on') : t('controls.off'));
  return (
    <nav className="controls" aria-label={t('controls.toolbar')}>
      <div className="controls__group">
        <ControlButton
          testId="btn-mic"
          label={t('controls.mic')}
          icon={p.audioMuted || !p.hasAudio ? <MicOffIcon /> : <MicIcon />}
          pressed={!p.audioMuted && p.hasAudio}
          off={p.audioMuted || !p.hasAudio}
          stateText={state(!p.audioMuted && p.hasAudio)}
          shortcut="M"
          disabled={!p.hasAudio}
          onClick={p.onToggleMic}
        />
        <ControlButton
          testId="btn-camera"
          label={t('controls.camera')}
          icon={p.videoMuted || !p.hasVideo ? <CameraOffIcon /> : <CameraIcon />}
          pressed={!p.videoMuted && p.hasVideo}
          off={p.videoMuted || !p.hasVideo}
          stateText={state(!p.videoMuted && p.hasVideo)}
          shortcut="V"
          disabled={!p.hasVideo}
          onClick={p.onToggleCamera}
        />
        <ControlButton
          testId="btn-share"
          label={t('controls.shareLabel')}
          icon={p.sharing ? <ScreenStopIcon /> : <ScreenIcon />}
          pressed={p.sharing}
          stateText={p.sharing ? t('controls.on') : undefined}
          shortcut="S"
          disabled={!p.canShare}
          onClick={p.onToggleShare}
        />
        {p.extra}
      </div>
      <ControlButton
        testId="btn-leave"
        label={t('controls.leave')}
        icon={<LeaveIcon />}
        variant="danger"
        onClick={p.onLeave}
      />
    </nav>
  );
}
