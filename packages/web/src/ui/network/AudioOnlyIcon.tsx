// The audio-only button's icon: headphones (hearing only), drawn in the frame of ui/icons.tsx.
import type { ReactElement } from 'react';
import { Svg } from '../icons';
import type { IconProps } from '../icons';

export const AudioOnlyIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M4 15v-3a8 8 0 0 1 16 0v3" />
    <rect x="3" y="14" width="4.5" height="7" rx="1.5" />
    <rect x="16.5" y="14" width="4.5" height="7" rx="1.5" />
  </Svg>
);
