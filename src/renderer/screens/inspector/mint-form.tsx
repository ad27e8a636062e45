import { useState } from 'react';
import { Panel } from '../../components/states';
import { useUsers } from '../../server-state/users';
import { useMintToken } from '../../server-state/inspector';
import { UserSelect } from '../../components/user-select';

/** Demo helper: starts a real session for a user and puts its access token in the inspector. */
export function MintForm() {
  const { mintToken: mint, minting } = useMintToken();
  const users = useUsers().data ?? [];
  const [userId, setUserId] = useState('');
  const chosen = userId || users[0]?.id || '';
  return (
    <Panel title="Mint a token for a user" labelledBy="mint-title">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) void mint(chosen);
        }}
      >
        <UserSelect users={users} value={chosen} onChange={setUserId} disabled={!users.length} grow />
        <button type="submit" className="btn btn-primary" disabled={!chosen || minting}>
          {minting ? 'Minting…' : 'Mint token'}
        </button>
      </form>
      <p className="muted small">
        Starts a real session (listed on the Sessions screen) signed by the active key. The refresh token stays on the
        server.
      </p>
    </Panel>
  );
}
