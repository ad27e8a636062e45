import type { CheckMethod, CheckRunRequest } from '../../shared/app-checks';

/** The App checks form as typed: strings, header rows that may be blank. */
export interface CheckFormValues {
  url: string;
  method: CheckMethod;
  headers: { name: string; value: string }[];
  audience: string;
  /** Statuses counted as refused, e.g. "401, 403"; blank means any 4xx. */
  refused: string;
}

export const EMPTY_CHECK_FORM: CheckFormValues = { url: '', method: 'GET', headers: [], audience: '', refused: '' };

export type CheckFormErrors = Partial<Record<'url' | 'headers' | 'refused', string>>;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The request `checks.api` gets, or what to fix in the form first (the server vets the target itself). */
export function checkRequestOf(form: CheckFormValues): { request: CheckRunRequest } | { errors: CheckFormErrors } {
  const errors: CheckFormErrors = {};
  const url = form.url.trim();
  if (!url) errors.url = 'Enter the endpoint to check, e.g. http://127.0.0.1:4100/api/orders.';
  else if (!/^https?:\/\/[^/]/i.test(url)) errors.url = 'The endpoint is an http:// or https:// URL.';

  const rows = form.headers.filter((h) => h.name.trim() || h.value.trim());
  const headers: Record<string, string> = {};
  for (const { name, value } of rows) {
    const n = name.trim();
    if (n.toLowerCase() === 'authorization') {
      errors.headers = 'Leave Authorization out: each case sends its own Bearer token.';
      break;
    }
    if (!HEADER_NAME.test(n)) {
      errors.headers = `"${n}" is not a header name.`;
      break;
    }
    headers[n] = value;
  }

  const statuses = form.refused
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (statuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599))
    errors.refused = 'Refused statuses are 4xx or 5xx codes, separated by commas (e.g. 401, 403).';

  if (Object.keys(errors).length) return { errors };
  const audience = form.audience.trim();
  return {
    request: {
      url,
      method: form.method,
      ...(rows.length && { headers }),
      ...(audience && { audience }),
      ...(statuses.length && { expect: { refused: statuses } }),
    },
  };
}
