import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SecretDialog, type ShownSecret } from '../../components/secret-dialog';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { ClientActionDialog, type ClientAction } from './client-actions';
import { ClientPanel } from './client-panel';
import { ClientsTable } from './clients-table';

/** The apps registered with Gatehouse as an OpenID Provider: register, edit, rotate, disable, delete, and how to connect. */
export function ClientsScreen() {
  const { list, state, error, panel, load, setPanel } = useStore(
    useShallow((s) => ({
      list: s.clients.list,
      state: s.clients.state,
      error: s.clients.error,
      panel: s.clients.panel,
      load: s.loadClients,
      setPanel: s.setClientPanel,
    })),
  );
  const [action, setAction] = useState<ClientAction>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  useEffect(() => {
    void load(useStore.getState().clients.state === 'ready');
  }, [load]);
  const selectedId = panel && panel.mode !== 'create' ? panel.clientId : null;

  return (
    <div className="screen screen-clients">
      <ScreenHeader
        title="Clients"
        subtitle="The apps that sign their users in with Gatehouse. Rules are checked as you type; a secret is shown once, when it is made."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setPanel({ mode: 'create' })}>
            New client
          </button>
        }
      />
      <div className={`split ${panel ? 'has-panel' : ''}`}>
        <div className="split-main">
          {state === 'loading' && <LoadingState label="Loading clients…" />}
          {state === 'error' && (
            <ErrorState message={error ?? 'Could not load the clients.'} onRetry={() => void load()} />
          )}
          {state === 'ready' && list.length === 0 && (
            <EmptyState title="No client registered yet">
              Register your app with <strong>New client</strong>, or with <code>--config FILE</code> at start; its quick
              start then gives the issuer, its id and the code to paste.
            </EmptyState>
          )}
          {state === 'ready' && list.length > 0 && (
            <div className="table-box">
              <ClientsTable
                clients={list}
                selectedId={selectedId}
                onOpen={(clientId) => setPanel({ mode: 'view', clientId })}
              />
            </div>
          )}
        </div>
        {panel && <ClientPanel onAction={setAction} onSecret={setSecret} />}
      </div>
      <ClientActionDialog action={action} onClose={() => setAction(null)} onSecret={setSecret} />
      <SecretDialog shown={secret} onClose={() => setSecret(null)} />
    </div>
  );
}
