/** Compact-JWT parsing, pure: the verifier package's own, shared with the console's inspector. */
export * from '@gatehouse/verifier/internal/format';
