// ESLint flat config: type-checked rules everywhere, and the package layers enforced with
// no-restricted-imports (protocol ← media ← server ← web; bots and bench beside them).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden) => ({
  files,
  // System tests are harnesses that start the server, bots and browsers together.
  ignores: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((p) => ({
          group: [`@diemcau/${p}`, `@diemcau/${p}/*`],
          message: `layer violation: this package may not import @diemcau/${p}`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'runtime/**',
      'artifacts/**',
      'eslint.config.js',
      'packages/web/vite.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json', './packages/web/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // Config files and plain-JS scripts sit outside the TypeScript projects: lint them untyped.
  { files: ['vitest.config.ts', 'scripts/**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // The kiosk's service worker is served as is from packages/web/public/.
  {
    files: ['packages/web/public/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.serviceworker },
    },
  },
  layer(['packages/protocol/**'], ['media', 'server', 'web', 'bots', 'bench']),
  layer(['packages/media/**'], ['server', 'web', 'bots', 'bench']),
  layer(['packages/server/**'], ['web', 'bots', 'bench']),
  layer(['packages/web/**'], ['media', 'server', 'bots', 'bench']),
  layer(['packages/bots/**'], ['media', 'server', 'web', 'bench']),
);
