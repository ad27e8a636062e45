import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // the layering of DESIGN.md: the renderer and shared code never reach into the main process
    files: ['src/renderer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/preload/**', 'node:*', 'electron'] }],
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
