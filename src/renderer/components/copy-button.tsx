import { copyText } from '../lib/download';
import { useStore } from '../store/store';

/** Copies `text` and says so in a toast; `what` names it in the label and the toast ("Copy client id"). */
export function CopyButton({
  text,
  what,
  label,
  className = 'btn btn-sm',
}: {
  text: string;
  what: string;
  label?: string;
  className?: string;
}) {
  const notify = useStore((s) => s.notify);
  return (
    <button
      type="button"
      className={className}
      aria-label={label ?? `Copy ${what}`}
      onClick={async () =>
        (await copyText(text))
          ? notify('success', `${what[0]!.toUpperCase()}${what.slice(1)} copied to the clipboard.`)
          : notify('error', `Copy failed: select the ${what} and copy it by hand.`)
      }
    >
      Copy
    </button>
  );
}
