// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Parts that must replay identically from a seed: no ambient randomness or time. */
const deterministic = [
  'journal/**',
  'simulators/**',
  'world/**',
  'chaos/**',
  'scenarios/**',
  'oracle/**',
];

const ambientBans = [
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Math.random() breaks replay. Use a seeded stream from world/rng.ts.',
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Date.now() breaks replay. Read time from the injected Clock.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'new Date() reads ambient time. Pass a timestamp from the injected Clock.',
  },
  {
    selector: "CallExpression[callee.property.name='randomUUID']",
    message: 'randomUUID() breaks replay. Derive ids from the seed (world/rng.ts).',
  },
  {
    selector: "CallExpression[callee.name='randomUUID']",
    message: 'randomUUID() breaks replay. Derive ids from the seed (world/rng.ts).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'runs/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        clearImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // k6 scripts (docs/load.md) run in k6, not Node: k6's globals, and none of Node's.
    files: ['load/**/*.js'],
    languageOptions: {
      globals: {
        __ENV: 'readonly',
        __VU: 'readonly',
        __ITER: 'readonly',
        open: 'readonly',
        process: 'off',
        Buffer: 'off',
        URL: 'off',
        fetch: 'off',
        setImmediate: 'off',
        clearImmediate: 'off',
      },
    },
  },
  {
    files: deterministic,
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ambientBans] },
  },
  {
    // Layers (docs/architecture.md#layers): the core knows no transport, dialect or chaos module.
    files: ['simulators/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\./)',
              message:
                'simulators/core imports nothing beside it (transports, dialects, the registry): pass it in instead.',
            },
            {
              regex:
                '^\\.\\./\\.\\./(chaos|runtime|runner|dashboard|report|oracle|cli|scenarios|api)/',
              message:
                'simulators/core sits below chaos, the runner and the edges: it must not import them.',
            },
          ],
        },
      ],
    },
  },
  {
    // The oracle judges from the journal alone: no simulator code; it reads journal/ only.
    files: ['oracle/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)simulators/',
              message: 'oracle/ reads the journal only; it imports nothing from simulators/.',
            },
          ],
        },
      ],
    },
  },
);
