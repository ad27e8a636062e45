/**
 * An Express app signed in by express-openid-connect exactly as its README's minimal example
 * configures it: `issuerBaseURL, baseURL, clientID, clientSecret, secret`, and the README's
 * `idpLogout: true` unless `idpLogout` is false (the library's default: /logout is then local).
 * Everything else is the library's default: `response_type=id_token`, `response_mode=form_post`,
 * RS256 id_tokens, every route behind a sign-in.
 */
import express from 'express';
import eoc from 'express-openid-connect';
import { CLIENT_SECRET } from './setup';

// a CommonJS package (its README `require`s it): its named exports are the default export's fields
const { auth, requiresAuth } = eoc;

export function buildExpressOpenidConnectApp(
  issuer: string,
  baseURL: string,
  clientID: string,
  opts: { idpLogout: boolean },
): express.Express {
  const app = express();
  app.use(
    auth({
      issuerBaseURL: issuer,
      baseURL,
      clientID,
      clientSecret: CLIENT_SECRET,
      secret: CLIENT_SECRET,
      ...(opts.idpLogout && { idpLogout: true }),
    }),
  );
  // the README's two routes: the home page says whether one is signed in, /profile shows the user
  app.get('/', (req, res) => {
    res.send(req.oidc.isAuthenticated() ? 'Logged in' : 'Logged out');
  });
  app.get('/profile', requiresAuth(), (req, res) => {
    res.send(`<h1>Profile</h1><p id="name">${escapeHtml(String(req.oidc.user?.name))}</p>`);
  });
  return app;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
