import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SecretDialog, type ShownSecret } from '../../components/secret-dialog';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { useClients } from '../../server-state/clients';
import { messageOf } from '../../server-state/query-client';
import { ClientActionDialog, type ClientAction } from './client-actions';
import { ClientPanel } from './client-panel';
import { ClientsTable } from './clients-table';

/** The apps registered with Gatehouse as an OpenID Provider: register, edit, rotate, disable, delete, and how to connect. */
export function ClientsScreen() {
  const { panel, setPanel } = useStore(useShallow((s) => ({ panel: s.clients.panel, setPanel: s.setClientPanel })));
  const clients = useClients();
  const list = clients.data ?? [];
  const [action, setAction] = useState<ClientAction>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
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
          {clients.isPending && <LoadingState label="Loading clients…" />}
          {clients.isError && <ErrorState message={messageOf(clients.error)} onRetry={() => void clients.refetch()} />}
          {clients.isSuccess && list.length === 0 && (
            <EmptyState title="No client registered yet">
              Register your app with <strong>New client</strong>, or with <code>--config FILE</code> at start; its quick
              start then gives the issuer, its id and the code to paste.
            </EmptyState>
          )}
          {clients.isSuccess && list.length > 0 && (
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
