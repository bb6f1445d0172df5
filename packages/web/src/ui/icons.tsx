// Inline SVG icons drawn for Điểm Cầu (24×24, stroke = currentColor). Decorative: aria-hidden,
// the button or text next to them carries the meaning.
import type { ReactElement, ReactNode } from 'react';

export interface IconProps {
  size?: number | string;
  className?: string;
}

/** The frame every icon shares (24×24 viewBox, round strokes, decorative); children are the glyph. */
export function Svg({
  size = '1.5em',
  className,
  children,
}: IconProps & { children: ReactNode }): ReactElement {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

const Slash = (): ReactElement => <path d="M3.5 3.5l17 17" />;

export const MicIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="9" y="2.5" width="6" height="11.5" rx="3" />
    <path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5v3.5M8.5 21h7" />
  </Svg>
);

export const MicOffIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M15 10V5.5a3 3 0 0 0-5.6-1.5M9 9v2a3 3 0 0 0 4.8 2.4" />
    <path d="M5.5 11a6.5 6.5 0 0 0 10.9 4.8M18.4 12.6c.07-.5.1-1 .1-1.6M12 17.5v3.5M8.5 21h7" />
    <Slash />
  </Svg>
);

export const CameraIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="2.5" y="6" width="13" height="12" rx="2.5" />
    <path d="M15.5 10.5l6-3.5v10l-6-3.5" />
  </Svg>
);

export const CameraOffIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M7 6h6a2.5 2.5 0 0 1 2.5 2.5v3M15.5 15.5A2.5 2.5 0 0 1 13 18H5a2.5 2.5 0 0 1-2.5-2.5v-7A2.5 2.5 0 0 1 4 6.2" />
    <path d="M15.5 10.5l6-3.5v10l-3-1.75" />
    <Slash />
  </Svg>
);

export const ScreenIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="2.5" y="3.5" width="19" height="13.5" rx="2" />
    <path d="M8 21h8M12 17v4M12 13.5V7.5M9.25 10.25 12 7.5l2.75 2.75" />
  </Svg>
);

export const ScreenStopIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="2.5" y="3.5" width="19" height="13.5" rx="2" />
    <path d="M8 21h8M12 17v4M9.5 7.75l5 5M14.5 7.75l-5 5" />
  </Svg>
);

export const LeaveIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path
      d="M2.6 13.9c5.2-5 13.6-5 18.8 0 .5.5.5 1.3 0 1.8l-1.8 1.7c-.4.4-1.1.5-1.6.1l-2.2-1.6c-.4-.3-.6-.7-.6-1.2v-1.8a11 11 0 0 0-6.4 0v1.8c0 .5-.2.9-.6 1.2l-2.2 1.6c-.5.4-1.2.3-1.6-.1L2.6 15.7a1.3 1.3 0 0 1 0-1.8z"
      fill="currentColor"
      stroke="none"
    />
  </Svg>
);

export const UsersIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="9" cy="8" r="3.25" />
    <path d="M3 19.5c.5-3.3 2.9-5.3 6-5.3s5.5 2 6 5.3" />
    <circle cx="17" cy="9" r="2.5" />
    <path d="M16.6 13.9c2.3.2 4 1.9 4.4 4.8" />
  </Svg>
);

export const SpeakerIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" />
    <path d="M15.5 9a4.2 4.2 0 0 1 0 6M18.2 6.5a8 8 0 0 1 0 11" />
  </Svg>
);

export const GlobeIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3c2.5 2.7 3.7 5.7 3.7 9s-1.2 6.3-3.7 9c-2.5-2.7-3.7-5.7-3.7-9S9.5 5.7 12 3z" />
  </Svg>
);

export const AlertIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M10.3 4.2 2.6 17.5A2 2 0 0 0 4.3 20.5h15.4a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0z" />
    <path d="M12 9.5v4.5M12 17.3v.2" />
  </Svg>
);

export const CloseIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Svg>
);

export const StarIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path
      d="M12 3.2l2.6 5.5 6 .7-4.4 4.1 1.2 5.9L12 16.5l-5.4 2.9 1.2-5.9-4.4-4.1 6-.7z"
      fill="currentColor"
      stroke="none"
    />
  </Svg>
);

/** The Điểm Cầu mark: two points joined by a bridge arc. */
export const LogoMark = ({ size = '2.25em', className }: IconProps): ReactElement => (
  <svg
    className={className}
    width={size}
    height={size}
    viewBox="0 0 40 40"
    aria-hidden="true"
    focusable="false"
  >
    <rect width="40" height="40" rx="9" fill="var(--brand)" />
    <path
      d="M8 27c4.5-10.5 19.5-10.5 24 0"
      stroke="var(--gold)"
      strokeWidth="3.2"
      fill="none"
      strokeLinecap="round"
    />
    <path d="M14 22.2v5M20 19.5v7.5M26 22.2v5" stroke="var(--gold)" strokeWidth="1.8" strokeLinecap="round" />
    <circle cx="8" cy="28" r="3.6" fill="#fff" />
    <circle cx="32" cy="28" r="3.6" fill="#fff" />
  </svg>
);

/** The meeting panel: a speech bubble with lines (speak, vote, chat). */
export const PanelIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M4 5.5h16v10.5H10l-4.5 3.5V16H4z" />
    <path d="M8 9.5h8M8 12.5h5" />
  </Svg>
);

/** The chair console: a desk with a list. */
export const ConsoleIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="3" y="4" width="18" height="12.5" rx="2" />
    <path d="M7 8.5h6M7 12h4M15.5 8.5h1.5M15.5 12h1.5M8 20h8M12 16.5V20" />
  </Svg>
);

// Reactions and the raised hand are drawn, not emoji: a bridge-point PC or TV often has no colour
// emoji font, and then an emoji shows as an empty box.

export const ClapIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M9.2 21.5 5 17.3a2.3 2.3 0 0 1 0-3.2l5.6-5.6a1.3 1.3 0 0 1 1.9 1.9l-2.1 2.1 4.3-4.3a1.3 1.3 0 0 1 1.9 1.9l-4.3 4.3 3.2-3.2a1.3 1.3 0 0 1 1.9 1.9l-3.2 3.2 2.1-2.1a1.3 1.3 0 0 1 1.9 1.9l-4.8 4.8a4.5 4.5 0 0 1-4.2 1.1z" />
    <path d="M8 9.5 11.6 6a1.3 1.3 0 0 1 1.9 1.9M14.5 2.5l.5-1M18 4l1.2-.9M19.5 7.5h1.5" />
  </Svg>
);

export const ThumbsUpIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M7 10.5v10" />
    <path d="M3.5 10.5H7l3.6-7.2a2 2 0 0 1 3.7 1.4l-.9 4.3h5.2a2 2 0 0 1 2 2.4l-1.5 7.2a2 2 0 0 1-2 1.6H3.5a1 1 0 0 1-1-1v-7.7a1 1 0 0 1 1-1z" />
  </Svg>
);

export const HeartIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 20.5s-7.6-4.5-9.1-9.2C1.8 7.8 4 4.5 7.3 4.5c2 0 3.4 1.1 4.7 2.9 1.3-1.8 2.7-2.9 4.7-2.9 3.3 0 5.5 3.3 4.4 6.8-1.5 4.7-9.1 9.2-9.1 9.2z" />
  </Svg>
);

/** "Đồng ý": a tick in a circle (a raised hand would be confused with asking to speak). */
export const AgreeIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9.5" />
    <path d="M7.5 12.5l3 3 6-6.5" />
  </Svg>
);

/** A raised hand: asking to speak. */
export const HandIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M8 12.5V5a1.5 1.5 0 0 1 3 0v6M11 10.5V3.5a1.5 1.5 0 0 1 3 0v7M14 10.5v-6a1.5 1.5 0 0 1 3 0v7" />
    <path d="M17 11V8a1.5 1.5 0 0 1 3 0v6a8 8 0 0 1-8 8h-.6a7 7 0 0 1-5.3-2.4L3.4 16.5a1.6 1.6 0 0 1 2.3-2.2L8 16.3v-3.8" />
  </Svg>
);
