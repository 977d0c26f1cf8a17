// SPDX-License-Identifier: MIT
// One flat config for the whole repository. The `strand/layers` rule enforces the dependency
// direction of DEVELOPERS.md: a violation is an error, so it fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import pluginVue from 'eslint-plugin-vue';
import { layersRule } from './server/tools/eslint-layers.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', 'web/dist/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { strand: { rules: { layers: layersRule } } },
    rules: {
      'strand/layers': 'error',
      'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Test files may exceed the size limit with long vector tables, but nothing else changes.
    files: ['**/*.test.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Vue single-file components: the plugin's recommended set, scoped to web/ so no other folder
  // is parsed as Vue; <script lang="ts"> goes through the TypeScript parser.
  ...pluginVue.configs['flat/recommended'].map((c) => ({ ...c, files: ['web/**/*.vue'] })),
  {
    files: ['web/**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
    rules: {
      // Presentational components stay small (house style rule 3).
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      // Layout of attributes is formatting, not correctness; leave it to the author.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
);
