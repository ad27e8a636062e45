import type { CheckRun, CheckRunRequest } from '../../../shared/app-checks';
import { checkRunTestFile } from '../../../shared/app-checks-export';
import { CopyButton } from '../../components/copy-button';
import { runFileStem } from '../../lib/check-rows';
import { downloadText } from '../../lib/download';

/** A finished run as JSON, or as a vitest file that repeats it in the app's own suite. */
export function CheckExport({ run, request }: { run: CheckRun; request?: CheckRunRequest }) {
  if (run.state === 'running') return null;
  // headers, audience and refused statuses as asked, when the run was started from this screen
  const { url: _url, method: _method, ...asked } = request ?? { url: '' };
  const testFile = () => checkRunTestFile(run, { request: asked });
  return (
    <div className="toolbar" role="group" aria-label="Export the run">
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => downloadText(`${runFileStem(run)}.json`, `${JSON.stringify(run, null, 2)}\n`)}
      >
        Export JSON
      </button>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => downloadText(`${runFileStem(run)}.test.ts`, testFile(), 'text/plain')}
      >
        Export as test
      </button>
      <CopyButton text={testFile()} what="test file" label="Copy the test file" />
    </div>
  );
}
