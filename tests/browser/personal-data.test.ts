/**
 * Her rights over her data in Chromium, on the real stack: « Mes données » shows what is held about
 * her and downloads the same as a JSON file; closing her account asks for her confirmation, then
 * tells her what is kept and why. axe-core checks every page, at both widths.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-personal-data');
  ({ stack, ui, browser } = suite);
});
afterAll(() => suite?.close());

describe('her data and her account, in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('shows and downloads everything held about her, then closes her account and says what is kept', async () => {
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const { owner, registrationId } = await activeChildminder(stack, moderator.actor);
    const page = await newPage(browser);
    await page.goto(`${ui.url}/connexion`);
    await page.getByLabel('Adresse électronique').fill(owner.email);
    await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/mon-dossier/);

    await page.goto(`${ui.url}/mon-compte`);
    await page.getByRole('link', { name: 'Voir mes données' }).click();
    await page.waitForURL(/mon-compte\/mes-donnees$/);
    await expectVisible(page.getByRole('heading', { name: 'Mes données personnelles', level: 1 }));
    const shown = await page.locator('main').innerText();
    expect(shown).toContain(owner.email);
    expect(shown).toContain('DUPONT');
    expect(shown).toContain('agrement.pdf');
    await expectVisible(page.getByText('Inscription validée').first());
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Télécharger toutes mes données/ }).click(),
    ]);
    const file = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(file.account.email).toBe(owner.email);
    expect(file.registration.identity.nir).toBe(NAMED_PEOPLE.camille.nir);

    // Without her confirmation, nothing is closed.
    await page.getByRole('button', { name: 'Fermer mon compte' }).click();
    await expectVisible(
      page.getByText('Cochez la case pour confirmer la fermeture de votre compte.').first(),
    );
    await expectAccessible(page);
    await page
      .getByLabel('Je comprends que la fermeture de mon compte est définitive.')
      .check({ force: true });
    await page.getByRole('button', { name: 'Fermer mon compte' }).click();
    await page.waitForURL(/compte-ferme$/);
    await expectVisible(page.getByRole('heading', { name: 'Votre compte est fermé', level: 1 }));
    await expectVisible(page.getByText(/est conservé 2 ans après la fermeture/));
    await expectAccessible(page);

    expect(await stack.db('public_profiles').where({ registration_id: registrationId }).first()).toBe(
      undefined,
    );
    await page.goto(`${ui.url}/mon-compte/mes-donnees`);
    await page.waitForURL(/connexion/);
    await page.close();
  });
});
