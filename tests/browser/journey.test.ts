/**
 * The whole journey through the UI, on the real stack: a childminder signs up, fills in her
 * registration, uploads her agrément and submits; the moderator of the pivot CAF opens the case,
 * sees the document and approves; she then sees her registration active. axe checks every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_PEOPLE } from '../../stack/sngi-people.ts';
import {
  expectAccessible,
  expectVisible,
  BROWSER_TEST_TIMEOUT,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { TEST_TOTP_SECRET, totpCode } from '../support/accounts.ts';
import { createUser, samplePdf, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { fillAgrementStep, fillAvailabilityStep, fillContactStep } from '../support/registration-form.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-journey', { mailbox: true });
  ({ stack, ui, browser } = suite);
});
afterAll(() => suite?.close());

// DSFR draws radios and checkboxes on their label, which takes the click: hence `force` below.

/** Signs in; staff then give the code of their authenticator app (fixtures' staff share TEST_TOTP_SECRET). */
async function signIn(page: Page, email: string, password: string, totpSecret?: string) {
  await page.goto(`${ui.url}/connexion`);
  await expectAccessible(page);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (!totpSecret) return;
  await page.waitForURL(/\/connexion\/code/);
  await expectAccessible(page);
  await page.getByLabel(/Code de vérification/).fill(totpCode(totpSecret));
  await page.getByRole('button', { name: 'Valider' }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(`${ui.url}/`);
}

describe('the registration journey in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('goes from sign-up to an active registration, approved by the pivot CAF', async () => {
    const camille = NAMED_PEOPLE.camille;
    const email = uniqueEmail('camille');
    const page = await newPage(browser);

    await page.goto(ui.url);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Commencer mon inscription' }).click();
    await page.waitForURL(/\/inscription$/);
    await expectAccessible(page);
    await page.getByLabel('Nom et prénom').fill('Camille Dupont');
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe').fill('une phrase de passe longue');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${ui.url}/verification`);
    await expectAccessible(page);

    // Her address is confirmed by the link emailed at sign-up, opened from the demo mailbox.
    await page.goto(`${ui.url}/boite-de-reception`);
    const verification = page
      .locator('article', { hasText: email })
      .filter({ hasText: 'Confirmez votre adresse électronique' });
    await verification.getByRole('link').first().click();
    await expectVisible(page.getByText('Votre adresse électronique est confirmée.'));
    await page.getByRole('link', { name: 'Continuer mon dossier' }).click();
    await page.waitForURL(`${ui.url}/mon-dossier`);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Continuer mon dossier' }).click();
    await page.waitForURL(/identite/);
    await expectAccessible(page);
    await page.getByLabel('Nom de naissance').fill(camille.birthName);
    await page.getByLabel('Prénom 1').fill(camille.firstNames[0]!);
    await page.getByLabel('Prénom 2').fill(camille.firstNames[1]!);
    await page.getByLabel('Féminin').check({ force: true });
    await page.getByRole('textbox', { name: 'Jour', exact: true }).fill('14');
    await page.getByRole('combobox', { name: 'Mois' }).selectOption('3');
    await page.getByRole('textbox', { name: 'Année *' }).fill('1985');
    await page.getByLabel(/Commune de naissance/).fill('Lyon 3e');
    await page.locator('#birthPlace-communeCode-list option').first().waitFor({ state: 'attached' });
    await page.getByLabel(/Commune de naissance/).fill('Lyon 3e Arrondissement (69383)');
    await page.getByLabel(/Numéro de sécurité sociale/).fill(camille.nir);
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await page.waitForURL(/agrement/);
    await expectAccessible(page);

    await fillAgrementStep(page, 'AG-69-2023-0042');

    await fillContactStep(page, 'camille.dupont@exemple.test');

    await fillAvailabilityStep(page);

    await page.getByLabel('Ajouter des fichiers').setInputFiles({
      name: 'agrement.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await samplePdf()),
    });
    await expectVisible(page.getByText('Fichier vérifié et ajouté à votre dossier.'), 30_000);
    await page.getByRole('link', { name: 'Continuer vers le récapitulatif' }).click();
    await page.waitForURL(/recapitulatif/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Déposer mon dossier' }).click();
    await page.waitForURL(/mon-dossier\?depose=1/);
    await expectVisible(page.getByText('En cours d’examen'), 30_000);
    await expectAccessible(page);
    await signOut(page);

    const moderator = await createUser(stack.db, {
      role: 'moderator',
      officeId: 'caf-69',
      name: 'Nadia Modératrice',
    });
    await signIn(page, moderator.email, TEST_PASSWORD, TEST_TOTP_SECRET);
    await page.waitForURL(/moderation/);
    await expectAccessible(page);
    await page.getByRole('link', { name: /DUPONT Camille/ }).click();
    await page.waitForURL(/moderation\/dossiers\//);
    await expectAccessible(page);
    await expectVisible(page.getByText('Identité certifiée').first());
    // The PDF is drawn page by page beside the declaration; the original opens in a new tab.
    await expectVisible(page.getByRole('img', { name: /^Page 1 sur 1 de « agrement\.pdf »/ }), 30_000);
    const link = page.getByRole('link', { name: /Ouvrir « agrement\.pdf »/ });
    const documentResponse = await page.request.get(`${ui.url}${await link.getAttribute('href')}`);
    expect(documentResponse.headers()['content-type']).toBe('application/pdf');
    await page.getByRole('button', { name: 'Prendre en charge ce dossier' }).click();
    await expectVisible(page.getByText('Vous tenez ce dossier'));
    await expectAccessible(page);
    await page.getByLabel('Valider l’inscription').check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expectVisible(page.getByText('Décision enregistrée.'));
    await expectVisible(page.getByText('Inscription validée').first());
    await signOut(page);

    await signIn(page, email, 'une phrase de passe longue');
    await page.waitForURL(/mon-dossier/);
    await expectVisible(page.getByText('Inscription validée').first());
    await expectVisible(page.getByText('Inscription validée et fiche publiée'));
    await expectAccessible(page);
  });
});
