import { useShallow } from 'zustand/react/shallow';
import type { TokenVerifyView } from '../../../shared/admin-views';
import { Badge } from '../../components/badges';
import { shortId } from '../../lib/time';
import { useStore } from '../../store/store';

/** For Gatehouse's own tokens: jump to the session, the signing key and the denylist. */
export function TokenLinks({ links }: { links: TokenVerifyView['links'] }) {
  const { setScreen, openSession } = useStore(
    useShallow((s) => ({ setScreen: s.setScreen, openSession: s.openSession })),
  );
  if (!links.sessionId && !links.kid && !links.denylisted) return null;
  return (
    <div className="token-links" aria-label="Related objects">
      <span className="muted small">Gatehouse token:</span>
      {links.sessionId && (
        <button
          type="button"
          className="chip"
          onClick={() => {
            openSession(links.sessionId);
            setScreen('sessions');
          }}
        >
          Open session {shortId(links.sessionId)} {links.sessionStatus && <Badge value={links.sessionStatus} />}
        </button>
      )}
      {links.kid && (
        <button type="button" className="chip" onClick={() => setScreen('keys')}>
          Show key {shortId(links.kid)}
        </button>
      )}
      {links.denylisted && (
        <button type="button" className="chip chip-danger" onClick={() => setScreen('denylist')}>
          Show denylist entry
        </button>
      )}
    </div>
  );
}
