import type { ReactNode } from 'react';

interface FieldInputProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled input with its help and its lint messages, wired for screen readers. */
export function Field({
  id,
  label,
  help,
  messages,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  messages: string[];
  children(props: FieldInputProps): ReactNode;
}) {
  return (
    <div className={`field ${messages.length ? 'field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': messages.length > 0,
        'aria-describedby':
          [help ? `${id}-help` : '', messages.length ? `${id}-msg` : ''].filter(Boolean).join(' ') || undefined,
      })}
      {help && (
        <small id={`${id}-help`} className="muted">
          {help}
        </small>
      )}
      <Messages id={`${id}-msg`} messages={messages} />
    </div>
  );
}

/** A field's lint messages (none: nothing rendered). */
export function Messages({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div id={id} className="field-msgs">
      {messages.map((m) => (
        <small key={m} className="field-msg field-msg-error">
          {m}
        </small>
      ))}
    </div>
  );
}
