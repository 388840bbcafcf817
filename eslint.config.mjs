// Lint: type-aware typescript-eslint on the TypeScript sources (no-floating-promises and friends),
// plain recommended rules on the build scripts. `npm run lint` also runs `prettier --check`.
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
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', module: 'writable' } },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
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
