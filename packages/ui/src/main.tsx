// Mounts the app.
import { render } from 'solid-js/web';
import { App } from './App.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('main: index.html has no #root element');
render(() => <App />, root);

// Offline reloads show the app rather than the browser's error page (src/sw.js).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => {
    console.warn(`service worker not registered: ${err instanceof Error ? err.message : err}`);
  });
}
