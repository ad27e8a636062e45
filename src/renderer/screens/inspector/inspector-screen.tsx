import { EmptyState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { useClients } from '../../server-state/clients';
import { useServerDecode } from '../../server-state/inspector';
import { DecodedView } from './decoded-view';
import { MintForm } from './mint-form';
import { TokenInput } from './token-input';
import { VerifyPanel } from './verify-panel';

/** Paste or drop any JWT: decoded instantly in the page, then checked by the server step by step. */
export function InspectorScreen() {
  const local = useStore((s) => s.inspector.local);
  const server = useServerDecode();
  // to name the app an ID, logout or access token was issued to
  useClients();
  // the server's decode (its clock, its ring) wins once it has answered for the same token
  const inspection = server ?? local;
  return (
    <div className="screen screen-inspector">
      <ScreenHeader
        title="Token inspector"
        subtitle="Decode, explain and verify any JWT. Decoding never trusts the token; only the verification below does."
      />
      <div className="inspector-grid">
        <div className="inspector-left">
          <TokenInput />
          <MintForm />
          <VerifyPanel />
        </div>
        <div className="inspector-right">
          {inspection ? (
            <DecodedView inspection={inspection} />
          ) : (
            <EmptyState title="No token yet">
              Paste a JWT on the left, drop a file containing one, or mint a token for a demo user.
            </EmptyState>
          )}
        </div>
      </div>
    </div>
  );
}
