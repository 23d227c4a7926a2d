/**
 * What protects her in a browser, on the real stack: an identity the registry did not find is said
 * plainly, the form is read-only while the CAF examines her case, refused files are kept apart and
 * can be removed (their names stripped of invisible characters), and a session that expires while
 * she types sends her to sign in with the reason, then gives her input back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNir, NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import {
  createUser,
  insertRegistration,
  notAPdf,
  registrationFor,
  TEST_PASSWORD,
} from '../support/fixtures.ts';
import { caseInModeration } from '../support/moderation.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-childminder-safeguards');
  ({ stack, ui, browser } = suite);
});
afterAll(() => suite?.close());

async function signIn(page: Page, email: string, then: RegExp = /mon-dossier/) {
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(then);
}

/** Someone the registry does not know: a well-formed NIR that no synthetic person has. */
const stranger = {
  ...NAMED_PEOPLE.camille,
  birthName: 'INCONNUE',
  firstNames: ['Zoé'],
  nir: makeNir('F', '1985-03-14', '69383', 977),
};

describe('her safeguards in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('says what an identity the registry did not find means, and shows her form read-only while examined', async () => {
    const { owner } = await caseInModeration(stack, { person: stranger });
    const page = await newPage(browser);
    await page.goto(`${ui.url}/connexion`);
    await signIn(page, owner.email);
    await expectVisible(page.getByRole('heading', { name: 'Identité non retrouvée au répertoire national' }));
    await expectVisible(page.getByText(/la CAF vérifiera votre identité elle-même/));
    expect(await page.getByText('Identité vérifiée auprès du répertoire national').count()).toBe(0);
    await expectAccessible(page);

    // Before she types anything, she reads that the CAF has her case; nothing can be saved.
    await page.goto(`${ui.url}/mon-dossier/identite`);
    await expectVisible(page.getByText('Ces informations ne peuvent pas être modifiées pour le moment'));
    expect(await page.getByLabel('Nom de naissance').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Enregistrer et continuer' }).count()).toBe(0);
    await expectAccessible(page);
    await page.goto(`${ui.url}/mon-dossier/coordonnees`);
    expect(await page.getByRole('textbox', { name: /^Téléphone/ }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it('keeps refused files apart, lets her remove them, and strips invisible characters from names', async () => {
    const owner = await createUser(stack.db);
    await insertRegistration(stack.db, owner.id, registrationFor());
    const page = await newPage(browser);
    await page.goto(`${ui.url}/connexion`);
    await signIn(page, owner.email);
    // She picks her file before the page's script has started (a slow phone): it is sent all the same.
    let startScripts!: () => void;
    const scriptsHeld = new Promise<void>((resolve) => (startScripts = resolve));
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    await page.goto(`${ui.url}/mon-dossier/documents`, { waitUntil: 'domcontentloaded' });
    // "scan" + RIGHT-TO-LEFT OVERRIDE + "fdp.exe" would show as "scanexe.pdf".
    const disguised = `scan\u202Efdp.exe.pdf`;
    await page.getByLabel('Ajouter des fichiers').setInputFiles({
      name: disguised,
      mimeType: 'application/pdf',
      buffer: Buffer.from(notAPdf()),
    });
    startScripts();
    await expectVisible(page.getByRole('heading', { name: 'Fichiers non retenus' }), 30_000);
    const refused = page.locator('li', { hasText: 'scanfdp.exe.pdf' }).filter({ hasText: 'Refusé' });
    await expectVisible(refused);
    expect(await page.locator('main').innerText()).not.toContain('\u202E');
    expect(await page.getByText('Aucun fichier dans votre dossier pour l’instant.').count()).toBe(1);
    await expectAccessible(page);
    const stored = await stack
      .db('documents')
      .where({ status: 'refused' })
      .orderBy('created_at', 'desc')
      .first();
    expect(stored.file_name).toBe('scanfdp.exe.pdf');

    await page.getByRole('button', { name: 'Retirer de la liste scanfdp.exe.pdf' }).click();
    await expectVisible(page.getByText('« scanfdp.exe.pdf » est retiré de la liste.'));
    expect(await page.getByRole('heading', { name: 'Fichiers non retenus' }).count()).toBe(0);
    expect((await stack.db('documents').where({ id: stored.id }).first()).status).toBe('removed');
    await expectAccessible(page);
    await page.context().close();
  });

  it('sends her to sign in when her session expired as she saved, then gives back what she typed', async () => {
    const owner = await createUser(stack.db);
    const page = await newPage(browser);
    await page.goto(`${ui.url}/connexion`);
    await signIn(page, owner.email);
    await page.goto(`${ui.url}/mon-dossier/identite`);
    await page.getByLabel('Nom de naissance').fill('MARTIN');
    await page.getByLabel('Prénom 1').fill('Élise');
    await page.getByLabel('Féminin').check({ force: true });
    await page.getByLabel('À l’étranger').check({ force: true });
    await page.getByLabel(/Pays de naissance/).fill('Belgique');

    // Her session ends while she types (as after a long pause): saving leads to sign-in, not to an error.
    await stack
      .db('sessions')
      .where({ user_id: owner.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/\/connexion\?/);
    await expectVisible(page.getByText(/Votre session a expiré pendant que vous remplissiez le formulaire/));
    await expectAccessible(page);

    await signIn(page, owner.email, /mon-dossier\/identite/);
    await expectVisible(page.getByText('Nous avons remis ce que vous aviez saisi'));
    await expect.poll(() => page.getByLabel(/Pays de naissance/).inputValue()).toBe('Belgique');
    expect(await page.getByLabel('Nom de naissance').inputValue()).toBe('MARTIN');
    expect(await page.getByLabel('Prénom 1').inputValue()).toBe('Élise');
    expect(await page.getByLabel('Féminin').isChecked()).toBe(true);
    await expectAccessible(page);

    // A page opened after the session expired says why she must sign in again.
    await stack
      .db('sessions')
      .where({ user_id: owner.id })
      .update({ expires_at: new Date(Date.now() - 1000) });
    await page.goto(`${ui.url}/mon-dossier/agrement`);
    await page.waitForURL(/\/connexion\?/);
    await expectVisible(page.getByText(/Votre session a expiré après un moment sans activité/));
    await page.context().close();
  });
});
