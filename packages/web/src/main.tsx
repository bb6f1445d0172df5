// Entry point: loads the styles and translations, then mounts the app.
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './i18n';
import './styles/base.css';
import './styles/join.css';
import './styles/room.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

void initI18n().then(() => {
  createRoot(root).render(<App />);
});
