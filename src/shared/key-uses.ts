/**
 * What a signing key signs. The ring keeps one active key per use: `access` in the settings'
 * algorithm, `id` in RS256 (OpenID Connect Core §2's default for id_tokens and logout tokens).
 */
export type KeyUse = 'access' | 'id';

/** The algorithm of the ring's `id` lane, and every client's id_token default. */
export const ID_TOKEN_KEY_ALG = 'RS256';
