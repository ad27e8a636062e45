import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app';
import { queryClient } from './server-state/query-client';
import { connectTransport } from './transport/connect';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';

// outside React: StrictMode's double effects must not open two event streams
connectTransport();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
