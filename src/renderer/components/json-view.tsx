import type { ReactNode } from 'react';

/**
 * Pretty-printed JSON with token-level colouring, built as React elements (no innerHTML), so a
 * hostile claim value can never inject markup into the console.
 */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      {render(value, 0)}
    </pre>
  );
}

function render(value: unknown, depth: number): ReactNode {
  const indent = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (value === null) return <span className="j-null">null</span>;
  if (typeof value === 'string') return <span className="j-str">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="j-num">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="j-bool">{String(value)}</span>;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return (
      <>
        {'[\n'}
        {value.map((v, i) => (
          <span key={i}>
            {indent}
            {render(v, depth + 1)}
            {i < value.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {close}]
      </>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) return '{}';
    return (
      <>
        {'{\n'}
        {entries.map(([k, v], i) => (
          <span key={k}>
            {indent}
            <span className="j-key">{JSON.stringify(k)}</span>: {render(v, depth + 1)}
            {i < entries.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {close}
        {'}'}
      </>
    );
  }
  return String(value);
}
