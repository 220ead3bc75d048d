// ESLint with typescript-eslint (type-aware): the rules that catch bugs the compiler lets through in a Nest + BullMQ
// service — a promise nobody awaits loses a job or an error — plus the few conventions the codebase keeps. Small on
// purpose; formatting is not linted.
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', '**/*.d.ts', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['apps/api/web/**'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['apps/api/web/**/*.ts', 'apps/api/web/**/*.vue'],
    languageOptions: {
      parserOptions: {
        project: './apps/api/web/tsconfig.json', tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'],
      },
    },
  },
  ...vue.configs['flat/essential'].map((c) => ({ ...c, files: ['apps/api/web/**/*.vue'] })),
  {
    files: ['apps/api/web/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['apps/**/*.ts', 'apps/**/*.vue', 'libs/**/*.ts'],
    rules: {
      // a promise left floating is a lost error or a lost job
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false, arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest and TypeORM read constructor parameter types at run time: `import type` would erase them
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      // full-width spaces (U+3000) in Chinese text and 公文 layout are meant
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true, skipRegExps: true }],
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
      'no-var': 'error',
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='process'][property.name='env']",
        message: 'Read the environment in libs/config (AppConfig) only.',
      }],
    },
  },
  {
    // the config module, tests, benchmarks, scripts, build tooling and the web app's dev server may read the environment
    files: ['libs/config/**', 'libs/testing/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fault-spec.ts',
      'apps/*/test/**', '**/bench/**', 'apps/api/web/vite.config.mts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fault-spec.ts', 'apps/*/test/**', 'libs/testing/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // TypeScript checks names (window, document); template text may hold full-width spaces
    files: ['apps/api/web/**/*.vue'],
    rules: { 'no-undef': 'off', 'no-irregular-whitespace': 'off' },
  },
);
