export function auditTone(type: string): 'danger' | 'warn' | 'ok' | 'info' {
  if (/reuse|revoked|denylisted|throttled/.test(type)) return 'danger';
  if (/failed|rejected|bumped|removed/.test(type)) return 'warn';
  if (/succeeded|created|minted|generated|imported|activated/.test(type)) return 'ok';
  return 'info';
}

/** One line of the export: the entry exactly as the API returned it. */
export const toJsonLines = (entries: readonly object[]) =>
  entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
