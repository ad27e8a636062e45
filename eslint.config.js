import tseslint from 'typescript-eslint';

/**
 * The main process's layers, top to bottom (docs/ARCHITECTURE.md, "Layers"): each may import only
 * the ones below it. `bans` are packages a layer must not use at all.
 */
const MAIN_LAYERS = [
  { dir: 'electron', bans: [] },
  { dir: 'runtime', bans: ['electron'] },
  { dir: 'web', bans: ['electron'] },
  { dir: 'admin', bans: ['electron'] },
  { dir: 'demo', bans: ['electron'] },
  { dir: 'http', bans: ['electron'] },
  // the domain: no Electron, no HTTP, no SQL or Redis client
  { dir: 'auth', bans: ['electron', 'fastify', 'better-sqlite3', 'ioredis'] },
  { dir: 'store', bans: ['electron', 'fastify'] },
  { dir: 'lib', bans: ['electron', 'fastify', 'better-sqlite3', 'ioredis'] },
];

/**
 * The layering rule: one no-restricted-imports per layer, refusing a relative import that climbs
 * into any layer above it (and `src/main/serve.ts`, the headless entry point, which is above all).
 * `allow` names the one port a lower layer implements for a higher one: the Redis adapter is the
 * domain's ClusterFeed (auth/cluster-feed.ts, types only). Test powers (runtime/test-powers.ts)
 * reach composeInstance from test entry points only: nothing else under src/main imports them.
 */
function layerRule(i, { testPowers = false } = {}) {
  const { dir, bans } = MAIN_LAYERS[i];
  const above = [...MAIN_LAYERS.slice(0, i).map((l) => l.dir), 'serve'];
  const allow = dir === 'store' ? '(?!auth/cluster-feed$)' : '';
  const patterns = [
    {
      regex: `^(\\.\\./)+${allow}(${above.join('|')})(/|$)`,
      message: `src/main/${dir} is below ${above.join(', ')}: import only from the layers below it (docs/ARCHITECTURE.md, "Layers"); give it what it needs from above as a parameter`,
    },
  ];
  if (!testPowers)
    patterns.push({
      regex: '(^|/)test-(powers|minting)$',
      message: 'test powers are for test entry points only (tests/, the test harness), given to composeInstance',
    });
  return { 'no-restricted-imports': ['error', { paths: bans, patterns }] };
}

function mainLayerRules() {
  const runtime = MAIN_LAYERS.findIndex((l) => l.dir === 'runtime');
  return [
    ...MAIN_LAYERS.map(({ dir }, i) => ({ files: [`src/main/${dir}/**`], rules: layerRule(i) })),
    { files: ['src/main/runtime/compose.ts'], rules: layerRule(runtime, { testPowers: true }) },
  ];
}

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'packages/*/dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // the layering of docs/ARCHITECTURE.md: the renderer and shared code never reach into the main process
    files: ['src/renderer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/preload/**', 'node:*', 'electron'] }],
    },
  },
  {
    // the preload and the contract it is built from stay free of zod at run time (~180 KB); the
    // main process validates requests, the preload only sends them
    files: ['src/preload/**', 'src/shared/admin-api.ts', 'src/shared/bridge.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'zod',
              message: 'zod is for the main process (src/shared/admin-schemas.ts)',
              allowTypeImports: true,
            },
          ],
          patterns: [
            {
              group: ['**/admin-schemas'],
              message: 'request schemas are validated in the main process',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // the preload exposes the contract only: nothing of the main process or the console
    files: ['src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/renderer/**'] }] },
  },
  {
    // the bottom layer: the verifier package stands alone, for resource servers that install it
    files: ['packages/verifier/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/src/main/**', '**/src/shared/**', '**/src/renderer/**'] }],
    },
  },
  ...mainLayerRules(),
);
