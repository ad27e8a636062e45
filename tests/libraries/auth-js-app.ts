/**
 * An Express app signed in by Auth.js (`@auth/express`) with the minimal provider of its OIDC
 * guide, `{ id, name, type: 'oidc', issuer, clientId, clientSecret }`: Auth.js' own sign-in page
 * and routes under /auth, its defaults for the rest (code flow with PKCE and state, Basic client
 * authentication, the user's name read from the id_token), and `getSession` on the app's page.
 */
import { ExpressAuth, getSession, type ExpressAuthConfig } from '@auth/express';
import express from 'express';
import { CLIENT_SECRET } from './setup';

export const AUTHJS_CLIENT_ID = 'authjs-app';

export function buildAuthJsApp(issuer: string): express.Express {
  const authConfig: ExpressAuthConfig = {
    providers: [
      {
        id: 'gatehouse',
        name: 'Gatehouse',
        type: 'oidc',
        issuer,
        clientId: AUTHJS_CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      },
    ],
    secret: CLIENT_SECRET, // AUTH_SECRET in a real app's environment
  };
  const app = express();
  // the guide's `app.use("/auth/*", …)` is Express 4's path syntax; Express 5 mounts the prefix
  app.use('/auth', ExpressAuth(authConfig));
  app.get('/', async (req, res) => {
    const session = await getSession(req, authConfig);
    res.send(
      session?.user
        ? `<h1>Home</h1><p id="name">${escapeHtml(String(session.user.name))}</p>`
        : '<h1>Home</h1><p id="name">Signed out</p><a href="/auth/signin">Sign in</a>',
    );
  });
  return app;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
