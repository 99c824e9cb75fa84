// Mounts the app.
import { render } from 'solid-js/web';
import { App } from './App.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('main: index.html has no #root element');
render(() => <App />, root);
