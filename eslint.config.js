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
      ],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage'],
    },
  },
);
