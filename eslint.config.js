// ESLint flat config. Type-aware only for workflows/ (see below): tsc and svelte-check already
// type-check, and this keeps `eslint .` fast enough to run on every `npm test`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '.data/',
      'ui/.svelte-kit/',
      'ui/build/',
      'tests/workflows/histories/',
      'test-captures/',
    ],
  },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // A leading underscore marks an argument or variable unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // Injected into the pages the browser tests check: it runs in the browser, not in Node.
    files: ['tests/support/*.browser.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // In workflow code, a promise nobody awaits turns an activity failure into an unhandled
    // rejection: the workflow task fails and is retried forever, and the case stops. `void` does
    // not excuse it. Type-aware, hence on workflows/ only.
    files: ['workflows/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    // A missed declaration, the département's list and its referral to the commission never
    // suspend nor withdraw anything (domain/missed-declarations.ts): their code may not even import
    // what could change her agrément's standing, tell her workflows or email her.
    files: [
      'domain/missed-declarations.ts',
      'api/departements/missed-declarations.ts',
      'api/departements/commission-referrals.ts',
      'api/routes/departement-missed.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/agrement-notifications*',
                '**/agrement-standing*',
                '**/publishable*',
                '**/departements/notifications*',
                '**/routes/departement.ts',
                '**/cases/commands*',
                '**/outbox*',
                '**/workflows/**',
                '**/activities/**',
                '@temporalio/*',
              ],
              message:
                'Une déclaration manquée ou une saisine de la commission ne touche ni à l’agrément ni à la publication.',
            },
          ],
        },
      ],
    },
  },
  {
    // SvelteKit code runs on both sides: pages in the browser, load functions and hooks in Node.
    files: ['ui/**/*.{js,ts,svelte}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['ui/**/*.svelte', 'ui/**/*.svelte.ts', 'ui/**/*.svelte.js'],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: {
      // The app is served at the root with no base path; links are plain paths on purpose.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
);
