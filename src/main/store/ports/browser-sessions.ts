/** The browser's single-sign-on cookie at the OpenID Provider: the hash of its secret names a session. */
export interface BrowserSessionStore {
  putBrowserSession(secretHash: string, sessionId: string, now: number): Promise<void>;
  getBrowserSession(secretHash: string): Promise<string | null>;
  deleteBrowserSession(secretHash: string): Promise<void>;
  /** Deletes browser sessions whose session is no longer active; returns how many. */
  pruneBrowserSessions(): Promise<number>;
}
