/**
 * Tests run on PGlite by default (one in-memory database started in globalSetup; files run one at
 * a time because PGlite is a single session) and on a real PostgreSQL when TEST_DATABASE_URL is
 * set (a fresh database per run, a schema per test file, files in parallel).
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Decorated classes need the metadata polyfill before any test imports them.
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  maxWorkers: onPostgres ? 2 : 1,
  testTimeout: 30000,
};
