// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import solid from 'eslint-plugin-solid/configs/typescript';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.astro/',
      'node_modules/',
      'engine/build/',
      'engine/assembly/**', // AssemblyScript: checked by its own tsconfig (npm run check)
      'test-results/',
      'playwright-report/',
      'screenshots/',
      'public/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    files: ['src/**/*.tsx'],
    ...solid,
    rules: {
      ...solid.rules,
      // The sandbox's runAction(action) performs a reader's action (a click, a key) at once: the values
      // the action reads are meant to be the current ones, as in an event handler.
      'solid/reactivity': ['warn', { customReactiveFunctions: ['runAction'] }],
    },
  },
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.worker },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
