/** Errors cross every process boundary as data: a thrown Error keeps only its message over IPC. */
export type Result<T, C extends string = string> =
  { ok: true; value: T } | { ok: false; error: { code: C; message: string } };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <C extends string>(code: C, message: string): Result<never, C> => ({
  ok: false,
  error: { code, message },
});
