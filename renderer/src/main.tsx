/** Renderer entry: connect first (so the stores start filling), then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles/theme.css';
import './styles/app.css';
import { App } from './App';
import { startConnection } from './boot';

const connection = startConnection();
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
