import type { GrantTypeName } from '../../../shared/clients';

/** A grant as an admin reads it in a list; the grant's own name is in the title. */
export const GRANT_LABEL: Record<GrantTypeName, string> = {
  authorization_code: 'sign-in',
  refresh_token: 'refresh',
  client_credentials: 'client credentials',
};
