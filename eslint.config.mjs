// ESLint flat config: typescript-eslint's recommended rules for the TypeScript in src/ and test/,
// plus a light check of the plain CommonJS build scripts (webpack.config.js, tools/*.js).
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  __dirname: 'readonly',
  __filename: 'readonly',
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
};

export default defineConfig(
  globalIgnores(['dist/', 'lib/', 'node_modules/', 'coverage/', 'out/', 'test-output/', 'bench/out/', '.tmp/']),
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The message for old webviews must parse where nothing else of ours can: ECMAScript 5, a plain script.
    files: ['src/**/*.js'],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly' },
    },
    rules: {
      'no-undef': 'error',
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    },
  },
  {
    files: ['webpack.config.js', 'tools/**/*.js'],
    languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022, globals: nodeGlobals },
    rules: {
      'no-undef': 'error',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
