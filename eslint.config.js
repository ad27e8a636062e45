import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
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
    files: ['src/main/auth/**', 'src/main/store/**', 'src/main/http/**', 'src/main/web/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    files: ['src/main/auth/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', 'fastify', 'better-sqlite3'] }] },
  },
);
