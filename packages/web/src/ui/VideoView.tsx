// A <video> bound to a MediaStream (srcObject set only when the stream changes). Always muted:
// sound plays through the separate audio elements.
import { useEffect, useRef, type ReactElement } from 'react';

interface VideoViewProps {
  stream: MediaStream | null;
  mirrored?: boolean;
  /** 'cover' fills the box (camera tiles); 'contain' shows all of it (shared screens). */
  fit?: 'cover' | 'contain';
  className?: string;
  label?: string;
  testId?: string;
  participantId?: string;
  source?: 'camera' | 'screen';
}

export function VideoView({
  stream,
  mirrored = false,
  fit = 'cover',
  className,
  label,
  testId,
  participantId,
  source,
}: VideoViewProps): ReactElement {
  const ref = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream) el.play().catch(() => undefined); // muted video may always autoplay; ignore races
  }, [stream]);

  return (
    <video
      ref={ref}
      className={['video', `video--${fit}`, mirrored ? 'video--mirrored' : '', className ?? '']
        .join(' ')
        .trim()}
      autoPlay
      playsInline
      muted
      aria-label={label}
      data-testid={testId}
      data-participant-id={participantId}
      data-source={source}
    />
  );
}
