// ESLint flat config: typescript-eslint's recommended rules for the TypeScript in src/ and test/,
// plus a light check of the plain CommonJS build scripts (webpack.config.js, tools/*.js).
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

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
    // The architecture, enforced: no import cycles anywhere in src/, and the layers — the core imports
    // nothing from an adapter or a front end, the adapters (xlsx: ExcelJS and files; excel: Office.js)
    // import no front end and not each other's host, and a front end reaches another front end only
    // through the core or an adapter.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', {
        zones: [
          { target: './src/core', from: ['./src/xlsx', './src/excel', './src/taskpane', './src/commands', './src/cli', './src/functions'],
            message: 'The core is pure TypeScript: it imports no adapter and no front end.' },
          { target: './src/xlsx', from: ['./src/excel', './src/taskpane', './src/commands', './src/cli'],
            message: 'The ExcelJS/file adapter imports no Office.js code and no front end.' },
          { target: './src/excel', from: ['./src/xlsx', './src/taskpane', './src/commands', './src/cli'],
            message: 'The Office.js adapter imports no ExcelJS/file code and no front end.' },
          { target: './src/cli', from: ['./src/excel', './src/taskpane', './src/commands'],
            message: 'The CLI runs on the core and the ExcelJS/file adapter only.' },
          { target: './src/functions', from: ['./src/xlsx', './src/excel', './src/taskpane', './src/commands', './src/cli'],
            message: 'The custom functions run on the core alone (their own ES2016 bundle in Excel\'s JavaScript-only runtime: no Office.js workbook, no ExcelJS, no DOM).' },
          { target: './src/commands', from: ['./src/xlsx', './src/cli'],
            message: "The ribbon commands run on the core, the Office.js adapter and the pane's shared modules; never ExcelJS (not in their bundle) or the CLI." },
        ],
      }],
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
