// The room's network icons drawn in the shared icon frame (ui/icons.tsx Svg): the markup is frozen
// as the standalone SVGs rendered it before, so sharing the frame changed nothing on screen.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AudioOnlyIcon } from './AudioOnlyIcon';
import { MixedAudioIcon } from './MixedAudio';

const frame = (size: string): string =>
  `<svg width="${size}" height="${size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" ` +
  'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">';

describe('network icons', () => {
  it('audio only: headphones, 1.5em by default', () => {
    expect(renderToStaticMarkup(<AudioOnlyIcon />)).toBe(
      `${frame('1.5em')}<path d="M4 15v-3a8 8 0 0 1 16 0v3"></path>` +
        '<rect x="3" y="14" width="4.5" height="7" rx="1.5"></rect>' +
        '<rect x="16.5" y="14" width="4.5" height="7" rx="1.5"></rect></svg>',
    );
  });

  it('mixed audio: merging waves, at the size asked', () => {
    const glyph =
      '<path d="M3 5c4 0 6 7 10 7M3 12h10M3 19c4 0 6-7 10-7"></path><path d="M13 12h3"></path>' +
      '<path d="M17 9.5v5M19.5 8v8M22 10.5v3"></path></svg>';
    expect(renderToStaticMarkup(<MixedAudioIcon />)).toBe(`${frame('1.5em')}${glyph}`);
    expect(renderToStaticMarkup(<MixedAudioIcon size="1.2em" />)).toBe(`${frame('1.2em')}${glyph}`);
    expect(renderToStaticMarkup(<MixedAudioIcon size={20} />)).toBe(`${frame('20')}${glyph}`);
  });
});
