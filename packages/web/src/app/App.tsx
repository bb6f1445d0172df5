// The app shell: a tiny router on location.pathname (/m/:id is a meeting, anything else home).
import { useState, type ReactElement } from 'react';
import { parseRoute } from '../lib/route';
import { HomePage } from '../ui/StatusPages';
import { MeetingFlow } from './MeetingFlow';

export function App(): ReactElement {
  const [route] = useState(() => parseRoute(window.location.href));
  if (route.kind === 'meeting') return <MeetingFlow route={route} />;
  return (
    <div className="app" data-state="idle">
      <HomePage />
    </div>
  );
}
