/** The stable codes of every way an access token can be rejected (the verifier package's own). */
export * from '@gatehouse/verifier/token-errors';
