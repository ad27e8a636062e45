import type { ClientField } from '../../lib/client-form';

/** Each registration field's label, as the form and its problem summary name it. */
export const FIELD_LABEL: Record<ClientField, string> = {
  clientId: 'Client id',
  name: 'Name',
  tokenEndpointAuthMethod: 'Client authentication',
  grantTypes: 'Grant types',
  redirectUris: 'Redirect URIs',
  postLogoutRedirectUris: 'Post-logout redirect URIs',
  backchannelLogoutUri: 'Back-channel logout URI',
  audience: 'Audience',
  scopes: 'Scopes',
  idTokenSignedResponseAlg: 'id_token signing algorithm',
  idTokenClaims: 'id_token claims',
  requirePkce: 'Require PKCE',
  responseTypes: 'Response types',
};
