// ESLint flat config: type-aware rules for all TypeScript, plus import boundaries that keep the
// architecture honest (core/ is plain Node and layered, the renderer sees only the contract).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { vigilPlugin } from './build/eslint-core-layers.mjs';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.cache/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'core/ is plain Node: Electron belongs in electron/.' }] },
      ],
    },
  },
  {
    // Layers inside core/: the table is in build/eslint-core-layers.mjs.
    files: ['core/**/*.ts'],
    plugins: { vigil: vigilPlugin },
    rules: { 'vigil/core-layers': 'error' },
  },
  {
    files: ['core/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\./)',
              message: 'The contract is bundled by the renderer: zod only, no Node or outside imports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:|electron$|(fs|path|os|child_process|net|http|https|worker_threads|zlib)(/|$))',
              message: 'The renderer runs in a sandboxed page: no Node or Electron modules.',
            },
            { regex: '/core/(?!contract)', message: 'The renderer knows only the contract (core/contract).' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/core/(?!contract(/|$)|engine/|settings/)',
              message:
                'electron/ is a thin adapter: it may use core/contract, core/engine (to host the engine) and core/settings only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'models/training/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
