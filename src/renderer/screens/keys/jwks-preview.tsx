import type { JwksView } from '../../../shared/admin-views';
import { useStore } from '../../store/store';
import { JsonView } from '../../components/json-view';
import { Panel } from '../../components/states';
import { copyText, downloadText } from '../../lib/download';
import { countOf } from '../../lib/plural';

/** What /.well-known/jwks.json publishes right now: pending, active and retiring keys. */
export function JwksPreview({ jwks }: { jwks: JwksView | null }) {
  const notify = useStore((s) => s.notify);
  const text = jwks ? JSON.stringify(jwks, null, 2) : '';
  return (
    <Panel
      className="jwks-panel"
      title={`Published JWKS${jwks ? ` (${countOf(jwks.keys.length, 'key')})` : ''}`}
      labelledBy="jwks-title"
      actions={
        <>
          <button
            type="button"
            className="btn btn-sm"
            disabled={!jwks}
            onClick={async () =>
              (await copyText(text))
                ? notify('success', 'JWKS copied to the clipboard.')
                : notify('error', 'Copy failed.')
            }
          >
            Copy JWKS
          </button>
          <button
            type="button"
            className="btn btn-sm"
            disabled={!jwks}
            onClick={() => downloadText('jwks.json', `${text}\n`)}
          >
            Export jwks.json
          </button>
        </>
      }
    >
      {jwks ? <JsonView value={jwks} label="JWKS" /> : <p className="muted">Not loaded.</p>}
    </Panel>
  );
}
