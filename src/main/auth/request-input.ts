/**
 * A request's parameters as the HTTP edge read them (`http/params.ts`), handed to a use case: the
 * use case decides what an unreadable parameter means (the authorization endpoint may still send
 * the error back to the client; the logout endpoint refuses).
 */

/** The first parameter the edge could not read (given twice, not a string, too long); `name` null: none was readable. */
export interface InvalidParam {
  name: string | null;
  message: string;
}

/** The parameters that were read, and the first one that could not be (null: every one was). */
export interface RequestInput<P> {
  params: P;
  invalid: InvalidParam | null;
}
