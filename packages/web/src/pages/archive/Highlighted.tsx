// Text with the matched words marked. Every part is rendered as a React text node (escaped), so a
// title or document that contains markup is only ever shown as text, never run as HTML.
import type { ReactElement } from 'react';
import type { HighlightedText } from '@diemcau/protocol';

export function Highlighted({ parts }: { parts: HighlightedText }): ReactElement {
  return (
    <>
      {parts.map((p, i) =>
        p.hit ? (
          <mark key={i} className="search-hit">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
