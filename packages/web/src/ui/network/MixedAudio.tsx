// "Âm thanh gộp" in the room: the control-bar button's icon (several sound waves merging into one)
// and the calm banner shown while everyone's audio arrives as one mixed stream.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkState } from '../../lib/call-network';
import { Svg } from '../icons';
import type { IconProps } from '../icons';
import '../../styles/network.css';

/** Several sound waves merging into one. */
export const MixedAudioIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M3 5c4 0 6 7 10 7M3 12h10M3 19c4 0 6-7 10-7" />
    <path d="M13 12h3" />
    <path d="M17 9.5v5M19.5 8v8M22 10.5v3" />
  </Svg>
);

/** Says that the audio is mixed (and why); nothing while it is not. */
export function MixedAudioBanner({ network }: { network: NetworkState }): ReactElement | null {
  const { t } = useTranslation();
  if (!network.mixedAudio) return null;
  // NOTE: the person's own choice gets a plain statement; the server's decision says why.
  const text = network.mixReconnecting
    ? t('network.mixedReconnecting')
    : network.mixPreferred
      ? t('network.mixedChosen')
      : t('network.mixedBanner');
  return (
    <div className="banner banner--net" role="status" data-testid="mixed-audio-banner">
      <MixedAudioIcon size="1.2em" />
      <span>{text}</span>
    </div>
  );
}
