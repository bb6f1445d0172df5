// Entry point: loads the styles and translations (and, in development only, the mock API), then
// mounts the app.
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import './styles/base.css';
import './styles/join.css';
import './styles/room.css';
import './styles/live.css';
import './styles/app.css';

async function start(): Promise<void> {
  // Dev-only mock API (`?mockapi=1`, remembered for the tab): stripped from production builds.
  if (import.meta.env.DEV) {
    const params = new URLSearchParams(window.location.search);
    if (params.get('mockapi') === '1') sessionStorage.setItem('mockapi', '1');
    if (params.get('mockanon') === '1') sessionStorage.setItem('mockanon', '1');
    if (sessionStorage.getItem('mockapi')) (await import('./lib/api/mock-api')).installMockApi();
  }
  await initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(<App />);
}

void start();
