import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';

/**
 * The layers of src/, each listed with the layers it may import (docs/ARCHITECTURE.md "Layers"). A module imports only
 * from layers to its left; the page side (client and everything after it) never imports the engine, and reaches the
 * workers only through `bridge/protocol.ts`.
 */
const LAYERS = {
  lib: [],
  scenario: ['lib'],
  results: ['lib', 'scenario'],
  engine: ['lib', 'scenario', 'results'],
  ensemble: ['lib', 'scenario', 'results'],
  bridge: ['lib', 'scenario', 'results', 'engine', 'ensemble'],
  cli: ['lib', 'scenario', 'results', 'engine', 'ensemble'],
  client: ['lib', 'scenario', 'results', 'ensemble', 'bridge'],
  state: ['lib', 'scenario', 'results', 'ensemble', 'bridge', 'client'],
  app: ['lib', 'scenario', 'results', 'ensemble', 'bridge', 'client', 'state'],
  globe: ['lib', 'scenario', 'results', 'ensemble', 'state', 'app'],
  charts: ['lib', 'scenario', 'results', 'ensemble', 'state', 'app'],
  ui: ['lib', 'scenario', 'results', 'ensemble', 'bridge', 'state', 'app'],
};
const NAMES = Object.keys(LAYERS);

/** Third-party packages and the one layer (or layers) allowed to import each. */
const PACKAGES = [
  { names: ['comlink'], home: ['bridge'] },
  { names: ['three'], prefix: 'three/', home: ['globe'] },
  { names: ['d3'], prefix: 'd3-', home: ['globe', 'charts'] },
  { names: ['zustand', 'zustand/vanilla'], home: ['state'] },
  { names: ['seedrandom'], home: ['engine'] },
  { names: [], prefix: 'node:', home: ['cli'] },
];

/** A relative specifier that lands in layer `name` of src/ (`../engine/run.ts`, `../../results/contract.ts`). */
const intoLayer = (names) => `^(\\.\\./)+(${names.join('|')})/`;

const pageSide = ['client', 'state', 'app', 'globe', 'charts', 'ui'];

function layerRules(name) {
  const forbidden = NAMES.filter((n) => n !== name && !LAYERS[name].includes(n));
  const patterns = [];
  if (forbidden.length) {
    patterns.push({
      regex: intoLayer(forbidden),
      message: `src/${name}/ may import only ${LAYERS[name].join(', ') || 'nothing else in src'} (docs/ARCHITECTURE.md).`,
    });
  }
  if (pageSide.includes(name)) {
    patterns.push({
      regex: '^(\\.\\./)+bridge/(engine-api|ensemble-api)\\.ts$',
      message: 'The page reaches the workers through bridge/protocol.ts; the implementations run in the workers.',
    });
  }
  if (name === 'engine') {
    patterns.push({
      regex: '^(\\.\\./)+clearing/(?!index\\.ts$)',
      message: 'Use the clearing package through clearing/index.ts.',
    });
  }
  for (const p of PACKAGES) {
    if (p.home.includes(name)) continue;
    if (p.names.length)
      patterns.push({
        regex: `^(${p.names.join('|').replace(/\//g, '\\/')})$`,
        message: `${p.names[0]} belongs to src/${p.home.join(' or src/')}.`,
      });
    if (p.prefix)
      patterns.push({
        regex: `^${p.prefix.replace(/\//g, '\\/')}`,
        message: `${p.prefix}* belongs to src/${p.home.join(' or src/')}.`,
      });
  }
  return { 'no-restricted-imports': ['error', { patterns }] };
}

/** The engine and everything below it run the same in Node, a worker and a test: no clock, no page, no Math.random. */
const deterministic = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded streams of src/engine/world/rng.ts.' },
    { object: 'Date', property: 'now', message: 'The engine is deterministic: no clock.' },
    { object: 'performance', property: 'now', message: 'The engine is deterministic: no clock.' },
    ...[
      'exp',
      'log',
      'pow',
      'sin',
      'cos',
      'tan',
      'asin',
      'acos',
      'atan',
      'atan2',
      'expm1',
      'log1p',
      'cbrt',
      'hypot',
    ].map((property) => ({
      object: 'Math',
      property,
      message: 'Engines differ in the last bit: use src/lib/dmath.ts so Node and the browser agree.',
    })),
  ],
  'no-restricted-globals': ['error', 'document', 'window', 'localStorage'],
  'no-restricted-syntax': [
    'error',
    { selector: "BinaryExpression[operator='**']", message: 'Use multiplication or dmath.pow (engines differ).' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.mjs', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...NAMES.map((name) => ({ files: [`src/${name}/**`], rules: layerRules(name) })),
  {
    // The in-thread client runs the engine on the calling thread (tests, benchmarks); the page uses the worker client.
    files: ['src/client/in-thread-client.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/engine/**', 'src/scenario/**', 'src/lib/**', 'src/results/**', 'src/ensemble/**'],
    rules: deterministic,
  },
  {
    files: ['workers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./src/(?!bridge/)', message: 'A worker file imports src/bridge only.' }] },
      ],
    },
  },
);
