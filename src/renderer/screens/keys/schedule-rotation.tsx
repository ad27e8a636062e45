import { useState } from 'react';
import type { KeyView } from '../../../shared/admin-views';
import { formatUtcOffset, LOCAL_INPUT_FORMAT, parseLocalInput, toLocalInput } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { useStore } from '../../store/store';
import { useKeyActions } from '../../server-state/keys';
import { pendingKeyLabel, pendingKeys } from './pending-keys';

/**
 * Schedule a rotation: which pending key (the next one by default) starts signing, and when, typed
 * as `YYYY-MM-DD HH:MM` in 24-hour local time (not a datetime-local input, which Chromium shows in
 * 12-hour AM/PM for en-US). The time is checked as it is typed; its error shows once the field is
 * left or the form sent.
 */
export function ScheduleRotation({ keys, busy }: { keys: KeyView[]; busy: boolean }) {
  const { scheduleRotation: schedule } = useKeyActions();
  const now = useServerNow();
  const [kid, setKid] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(Math.floor(Date.now() / 1000 + useStore.getState().skew) + 3600));
  const [touched, setTouched] = useState(false);
  const pending = pendingKeys(keys);
  const selected = pending.find((k) => k.kid === kid) ?? pending[0];
  const scheduled = pending.find((k) => k.activatesAt !== null);

  const parsed = parseLocalInput(when);
  const error = !parsed.ok ? parsed.error : parsed.at < now ? 'That time has passed: pick a time from now on.' : null;
  const shownError = touched ? error : null;
  // the offset of the time typed (it differs across a daylight-saving change), else of now
  const offsetAt = parsed.ok ? new Date(parsed.at * 1000) : new Date();

  return (
    <form
      className="inline-form"
      aria-label="Schedule a rotation"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (parsed.ok && !error && selected) void schedule(parsed.at, selected.kid);
      }}
    >
      <label className="field field-inline">
        <span>Key</span>
        <select
          aria-label="Key to schedule"
          value={selected?.kid ?? ''}
          disabled={!pending.length}
          onChange={(e) => setKid(e.target.value)}
        >
          {pending.map((k) => (
            <option key={k.kid} value={k.kid}>
              {pendingKeyLabel(k)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-inline">
        <span>Rotate at</span>
        <input
          type="text"
          className="mono time-input"
          aria-label="Rotate at"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={16}
          placeholder={LOCAL_INPUT_FORMAT}
          value={when}
          aria-invalid={shownError ? true : undefined}
          aria-describedby="rotate-at-hint rotate-at-error"
          onChange={(e) => setWhen(e.target.value)}
          onBlur={() => setTouched(true)}
        />
      </label>
      <button type="submit" className="btn" disabled={busy || !selected}>
        Schedule rotation
      </button>
      {scheduled && (
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void schedule(null, scheduled.kid)}>
          Clear schedule
        </button>
      )}
      {!pending.length && <span className="muted small">Generate a pending key first.</span>}
      <span id="rotate-at-hint" className="muted small full-row">
        {`${LOCAL_INPUT_FORMAT}, 24-hour, local time (UTC${formatUtcOffset(offsetAt)})`}
      </span>
      {shownError && (
        <p id="rotate-at-error" className="form-error full-row" role="alert">
          {shownError}
        </p>
      )}
    </form>
  );
}
