/**
 * `npm test`: every test that needs nothing outside npm (a bare machine with Node 20). The tests that
 * drive programs from the system (Chromium, LibreOffice, Python's openpyxl) are test/system/**, run by
 * `npm run test:system` (jest.system.config.js), which fails loudly when one of them is missing.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/system/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testTimeout: 60000,
};
