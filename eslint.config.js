import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Lint rules; the engine's purity bans (STYLE.md principle 1) are enforced here. */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/engine/**', 'src/scenario/**', 'src/lib/**', 'src/ensemble/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['three', 'd3', 'zustand', 'zustand/vanilla', 'comlink', 'node:fs', 'fs', 'node:path', 'path'],
          patterns: ['d3-*', '../globe/*', '../charts/*', '../ui/*', '../state/*', '../client/*', '../bridge/*'],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded streams of src/engine/rng.ts.' },
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
    },
  },
);
