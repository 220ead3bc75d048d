// swc, not ts-jest: NestJS 12 ships ESM only and Jest on Node 20 must transform it (see docs/testing.md, "Building").
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const ESM_PACKAGES = ['@nestjs', 'file-type', 'load-esm', 'strtok3', 'token-types', 'peek-readable', '@tokenizer',
  'uint8array-extras', '@borewit', 'content-disposition', 'unpdf'];
const libs = ['config', 'database', 'domain', 'notifications', 'queues', 'report-parser', 'sandbox', 'testing'];
const moduleNameMapper = Object.fromEntries(libs.flatMap((l) => [
  [`^@app/${l}$`, `<rootDir>/libs/${l}/src`],
  [`^@app/${l}/(.*)$`, `<rootDir>/libs/${l}/src/$1`],
]));
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.{int,e2e}-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-timeout.ts'],
    },
    // `npm run test:faults`: processes killed, servers restarted and flushed, each suite on its own PostgreSQL and Redis
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/{apps,libs}/**/*.fault-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/fault-timeout.ts'],
    },
  ],
};
