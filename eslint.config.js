import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  // One clock (src/core/clock.ts): no rule reads the wall clock by itself.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/core/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read the time from the injected Clock (src/core/clock.ts), not new Date().',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message:
            'Use the injected Clock for rules, or elapsedMs() from src/core/clock.ts for transport waits.',
        },
      ],
    },
  },
  // Layers (docs/architecture.md): core knows no transport; bot, worker and cli are
  // separate entry points that share only core. (The CLI's `bot` and `worker` commands
  // start those processes through a dynamic import, which this rule does not cover.)
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@slack/bolt', '@slack/bolt/*', 'bullmq', 'bullmq/*', 'ioredis', 'ioredis/*'],
              message:
                'src/core must not depend on Bolt, BullMQ or Redis: put that code in bot/ or worker/.',
            },
            {
              group: ['**/bot/**', '**/worker/**', '**/cli/**'],
              message: 'src/core must not import the bot, the worker or the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/bot/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/**', '**/cli/**', 'bullmq', 'bullmq/*'],
              message: 'The bot talks to the worker through the database (core), not by import.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/bot/**', '**/cli/**', '@slack/bolt', '@slack/bolt/*'],
              message: 'The worker shares only core with the bot and the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/bot/**', '**/worker/**'],
              message:
                'The CLI uses core; it starts the bot and the worker only by dynamic import.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // CI's small helper programs (.ci/prod-check.d) run on plain Node.
    files: ['.ci/**/*.mjs', '.ci/**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
