import { isPublic } from '../../../shared/clients';
import { AuthError } from '../errors';
import { grantClientScope } from '../scopes';
import { requireGrant, type GrantDeps, type GrantHandler } from './grant';

/** RFC 6749 §4.4: a confidential client's token for itself, no user, no session, no refresh token. */
export const clientCredentialsGrant =
  ({ issuer }: Pick<GrantDeps, 'issuer'>): GrantHandler =>
  async ({ client, params }) => {
    requireGrant(client, 'client_credentials');
    if (isPublic(client)) throw new AuthError('unauthorized_client', 'a public client cannot use client_credentials');
    const scope = grantClientScope(client, params.scope);
    const access = issuer.issueForClient(client, scope);
    return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, scope };
  };
