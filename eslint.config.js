// ESLint flat config; the rules and their reasons are in docs/adr/0006-lint.md. Import boundaries are
// dependency-cruiser's job (`npm run check:boundaries`, ADR 0005), not repeated here.
// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Test code and its support (the harness, the state factories of ADR 0005).
const tests = ['**/*.test.ts', '**/*.test.tsx', '**/*-factories.ts', 'e2e/**/*.ts', 'server/test/**/*.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'bench/results/', 'backups/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // One TypeScript program for the repo, from tsconfig.json; screenshots.mts lies outside its include.
        projectService: { allowDefaultProject: ['scripts/*.mts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An unused binding named `_x` is deliberate (a destructured field left out, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // `async` is a contract here, not a leftover: Fastify plugins and hooks and antd validators must return a promise.
      '@typescript-eslint/require-await': 'off',
      // Input guards, file names and CSV cells are checked for control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        // react-router's navigate() returns a promise only to say when a data router has settled; it never rejects.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'react-router', name: 'NavigateFunction' }] },
      ],
      '@typescript-eslint/no-misused-promises': [
        'error',
        // React ignores a JSX handler's result, and antd's Popconfirm onConfirm / Modal onOk use a returned promise for their loading state.
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    // CommonJS is what these config files are (dependency-cruiser loads .dependency-cruiser.cjs with require).
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: tests,
    rules: {
      // Response bodies are `any` by design (light-my-request's res.json(), Playwright's evaluate) and helpers
      // mirror that; the test's expectations are the check, and typing each body would add casts, not safety.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
