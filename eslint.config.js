import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', '.cache/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The core is synchronous and pure: article text in, passages, index and answers out.
    // Files, threads, timers and Discord belong to the rooms above it (folder/, runtime/, bot/).
    files: ['src/corpus/**/*.ts', 'src/search/**/*.ts', 'src/answer/**/*.ts', 'src/text/**/*.ts', 'src/lexicon/**/*.ts'],
    ignores: ['src/lexicon/load.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'fs/promises', 'worker_threads', 'timers', 'timers/promises', 'child_process', 'discord.js'].flatMap((name) =>
            name.includes('.') ? [name] : [name, `node:${name}`],
          ),
          patterns: [{ group: ['**/folder/*', '**/runtime/*', '**/bot/*', '**/ingest/*', '**/config.js'], message: 'the core imports only the core' }],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'],
      'no-restricted-syntax': ['error', { selector: 'AwaitExpression', message: 'the core never awaits' }, { selector: ':function[async=true]', message: 'the core is synchronous' }],
    },
  },
  {
    // Threads are the runtime's alone: the story's worker and its handle in the bot's thread.
    files: ['**/*.ts'],
    // (The core's own rule above says the same, and more.)
    ignores: ['src/runtime/worker.ts', 'src/runtime/story-worker.ts', 'test/**', 'bench/**', 'src/corpus/**', 'src/search/**', 'src/answer/**', 'src/text/**', 'src/lexicon/wordnet.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['worker_threads', 'node:worker_threads'] }] },
  },
  {
    // The launcher and the build helper run as plain JavaScript on Node, before anything is compiled.
    files: ['bin/**/*.js', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
