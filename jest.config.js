/** Unit specs sit beside the code; integration and e2e specs live in test/. */
module.exports = {
  testEnvironment: '<rootDir>/test/support/jest-environment.js',
  testMatch: ['<rootDir>/{server,analytics,test,web/src}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: { '^#contracts$': '<rootDir>/contracts/index.ts' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 120000,
};
