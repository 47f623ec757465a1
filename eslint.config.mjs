import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

// Which top-level folders a file may import from. The app never reaches into tooling, scripts or tests;
// scripts/ and e2e/ share code only through lib/ (pure logic) and tooling/ (finding Chromium and
// redis-server, free ports, starting the app). Each file falls in exactly one row: a later row would
// replace an earlier one's list, not add to it.
const BOUNDARIES = [
  { files: ['app/**', 'lib/**', 'middleware.ts'], ignores: TESTS, forbidden: ['e2e', 'scripts', 'store-server', 'test', 'tooling'] },
  // Unit tests beside the app's code start their stores and servers through test/ and tooling/.
  { files: TESTS.flatMap((t) => [`app/${t}`, `lib/${t}`]), forbidden: ['e2e', 'scripts'] },
  { files: ['scripts/**'], forbidden: ['app', 'e2e', 'test'] },
  { files: ['e2e/**', 'playwright.config.ts'], forbidden: ['app', 'scripts', 'test'] },
  { files: ['test/**', 'vitest.config.mts'], forbidden: ['app', 'e2e', 'scripts'] },
  { files: ['tooling/**'], forbidden: ['app', 'e2e', 'lib', 'scripts', 'test'] },
  // The built-in store is a program of its own: the app reaches it only over HTTP, through lib/store/client.ts.
  { files: ['store-server/**'], forbidden: ['app', 'e2e', 'scripts'] },
];

/** A relative (`./x/`, `../../x/`) or `@/` specifier that names one of `folders` at its start. */
const specifierOf = (folders) => `^(?:@/|(?:\\.\\.?/)+)(?:${folders.join('|')})(?:/|$)`;

const boundaryRules = BOUNDARIES.map(({ files, ignores, forbidden }) => {
  const message = `this folder may not import from ${forbidden.map((f) => `${f}/`).join(', ')}: shared code goes to lib/ or tooling/ (README, Layout).`;
  const regex = specifierOf(forbidden);
  return {
    files,
    ...(ignores ? { ignores } : {}),
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
      // import() is not an import declaration; esquery's regex literal can't hold a `/`, hence \x2F.
      'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message }],
    },
  };
});

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // CommonJS preloads (scripts/peer-address.cjs) are loaded with --require and must use require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...boundaryRules,
  {
    ignores: ['.next/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
];

export default config;
