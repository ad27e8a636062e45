/**
 * An Express app signed in by passport with openid-client's Strategy (`openid-client/passport`),
 * as openid-client's passport example writes it: `discovery` with the client's secret, the
 * Strategy named for the issuer's host with `{ config, scope, callbackURL }`, a verify function
 * that makes the id_token's claims the user, the user kept in the session (passport's 'session'
 * strategy), and a home page only for a signed-in user.
 */
import express from 'express';
import session from 'express-session';
import * as client from 'openid-client';
import { Strategy, type VerifyFunction } from 'openid-client/passport';
import passport from 'passport';
import { CLIENT_SECRET } from './setup';

export const PASSPORT_CLIENT_ID = 'passport-app';

export async function buildPassportApp(issuer: string, appUrl: string): Promise<express.Express> {
  const server = new URL(issuer);
  const config = await client.discovery(server, PASSPORT_CLIENT_ID, CLIENT_SECRET, undefined, {
    execute: [client.allowInsecureRequests], // an http:// issuer: for development only
  });
  // one passport per app (the module's default instance is a process-wide singleton)
  const auth = new passport.Passport();
  const verify: VerifyFunction = (tokens, verified) => verified(null, tokens.claims());
  auth.use(new Strategy({ config, scope: 'openid profile', callbackURL: `${appUrl}/callback` }, verify));
  auth.serializeUser((user, cb) => cb(null, user));
  auth.deserializeUser((user: Express.User, cb) => cb(null, user));

  const app = express();
  app.use(session({ secret: 'passport-app-session-secret', resave: false, saveUninitialized: false }));
  app.use(auth.authenticate('session'));
  app.get('/', (req, res) => {
    if (!req.user) return res.redirect('/login');
    res.send(`<h1>Welcome</h1><p id="name">${escapeHtml(String((req.user as { name?: unknown }).name))}</p>`);
  });
  app.get('/login', auth.authenticate(server.host));
  app.get('/callback', auth.authenticate(server.host, { successRedirect: '/', failureRedirect: '/failed' }));
  app.get('/failed', (_req, res) => res.status(401).send('<h1>Sign-in failed</h1>'));
  return app;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
