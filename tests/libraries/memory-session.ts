/**
 * The part of express-session that passport and openid-client's Strategy use, kept in memory:
 * `req.session` (the Strategy keeps its PKCE verifier there, passport the user), `regenerate`
 * (passport gives a signed-in user a fresh session id) and `save`. express-session itself is not a
 * dependency of this repository; this stand-in keeps the passport app otherwise as its docs write it.
 */
import type { RequestHandler, Response } from 'express';
import { randomBytes } from 'node:crypto';

type SessionData = Record<string, unknown>;
type Callback = (err?: unknown) => void;

export function memorySession(cookieName = 'app.sid'): RequestHandler {
  const sessions = new Map<string, SessionData>();

  function attach(req: object, res: Response, known: string | undefined): void {
    const id = known !== undefined && sessions.has(known) ? known : randomBytes(24).toString('base64url');
    if (id !== known) res.setHeader('set-cookie', `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax`);
    const data = sessions.get(id) ?? {};
    sessions.set(id, data);
    Object.defineProperties(data, {
      regenerate: {
        configurable: true,
        value: (cb: Callback) => {
          sessions.delete(id);
          attach(req, res, undefined);
          cb();
        },
      },
      save: { configurable: true, value: (cb?: Callback) => cb?.() },
    });
    (req as { session: SessionData }).session = data;
  }

  return (req, res, next) => {
    const cookie = new RegExp(`(?:^|;\\s*)${cookieName}=([\\w-]+)`).exec(req.headers.cookie ?? '');
    attach(req, res, cookie?.[1]);
    next();
  };
}
