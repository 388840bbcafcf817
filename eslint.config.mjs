// Lint: type-aware typescript-eslint on the TypeScript sources (no-floating-promises and friends),
// plain recommended rules on the build scripts. Run by `npm run lint` and by `npm test` first.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', '.tsbuild/**', 'node_modules/**', 'test-results/**', 'examples/**', 'test/fixtures/**', '**/*.d.mts'],
  },
  js.configs.recommended,
  {
    rules: {
      // '\u0000' marks an unresolved part of a symbolic value (link/program.ts): matching it is the point
      'no-control-regex': 'off',
      // flags the defensive `let x = 0` before a try/catch that assigns it
      'no-useless-assignment': 'off',
    },
  },
  {
    // tests match formatted text, where literal spaces in a regex read better than {2}
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // build and test scripts run in Node and also hand callbacks to a browser (playwright's
    // page.evaluate), so the globals of both are legitimate; no-undef cannot tell them apart
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // remote calls and LSP requests are promises: an unhandled one loses its error silently
      // node:test's test()/describe() return promises the runner itself awaits
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
