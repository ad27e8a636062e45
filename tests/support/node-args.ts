/**
 * How a test or bench runs a TypeScript entry in its own Node process: through tsx, which reads
 * the `paths` of the tsconfig.json in its working folder, so started from the repository's root
 * (as every caller does), workspace packages are their sources, never a `dist/` left by a build.
 */
export const TSX = ['--import', 'tsx'] as const;
