/**
 * `npm run test:system`: the tests that need programs from outside npm — headless Chromium
 * (/usr/bin/chromium, Debian's `chromium`), LibreOffice (`soffice`, Debian's `libreoffice-calc`) and
 * Python's openpyxl (Debian's `python3-openpyxl`). test/system/require.js checks them first and stops
 * the run with what to install: a missing program fails the run, it never skips a test.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/system'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/system/require.js',
  testTimeout: 180000,
};
