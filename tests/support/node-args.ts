/**
 * How a test or bench runs a TypeScript entry in its own Node process: through tsx, with the
 * workspace packages resolved to their sources (the `gatehouse-source` export condition).
 */
export const TSX = ['--conditions=gatehouse-source', '--import', 'tsx'] as const;
