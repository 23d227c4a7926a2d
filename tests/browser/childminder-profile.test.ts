/**
 * Her profile after activation in Chromium, on the real stack: an edit published at once, a move to
 * another département checked by that CAF while the old values stay published, "complète" in one
 * confirmed action, and the preview of exactly what a parent sees. axe-core checks every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import type { Actor } from '../../domain/case-rules.ts';
import {
  expectAccessible,
  expectVisible,
  BROWSER_TEST_TIMEOUT,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { activeChildminder, publishedProfile } from '../support/childminder.ts';
import { createUser, TEST_PASSWORD, waitForStatus } from '../support/fixtures.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;
let moderator: Actor;
let parisModerator: Actor;

beforeAll(async () => {
  suite = await startBrowserStack('browser-childminder-profile');
  ({ stack, ui, browser } = suite);
  moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
  parisModerator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-75' })).actor;
});
afterAll(() => suite?.close());

async function signIn(page: Page, email: string) {
  await page.goto(`${ui.url}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/mon-dossier/);
}

describe('her profile after activation, in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('publishes an edit at once, sends a move to the CAF, declares “complète” in one action, and previews the public profile', async () => {
    const { owner, registrationId } = await activeChildminder(stack, moderator);
    const page = await newPage(browser);
    await signIn(page, owner.email);
    await expectVisible(page.getByText('Inscription validée').first());
    await page.getByRole('link', { name: 'Voir et modifier mon profil publié' }).click();
    await page.waitForURL(/mon-profil$/);
    await expectVisible(page.getByRole('heading', { name: 'Mon profil publié', level: 1 }));
    await expectAccessible(page);

    // Contact details: published at once.
    await page.getByRole('link', { name: 'Modifier : Coordonnées et publication' }).click();
    await page.waitForURL(/mon-profil\/coordonnees/);
    await expectAccessible(page);
    await page.getByRole('textbox', { name: /^Téléphone/ }).fill('07 55 44 33 22');
    await page.getByLabel(/Publier mon adresse/).check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/mon-profil\?enregistre=applied/);
    await expectVisible(page.getByText('Enregistré : votre fiche publiée est à jour.'));
    await expectAccessible(page);
    expect((await publishedProfile(stack, registrationId)).phone).toBe('07 55 44 33 22');

    await page.getByRole('link', { name: 'Voir ma fiche comme un parent' }).click();
    await page.waitForURL(/mon-profil\/apercu/);
    await expectVisible(page.getByText('07 55 44 33 22'));
    await expectVisible(page.getByText('12 rue de la République, 69003 Lyon 3e Arrondissement'));
    // Exactly the published copy: her NIR and birth details are not part of it.
    const preview = await page.locator('main').innerText();
    expect(preview).not.toMatch(/285036938311269|14 mars 1985|AG-69/);
    await expectAccessible(page);

    // A move to Paris: checked by the CAF of Paris first; Lyon stays published meanwhile.
    await page.goto(`${ui.url}/mon-profil/coordonnees`);
    await page.getByRole('textbox', { name: /^Numéro et voie/ }).fill('5 rue de Rivoli');
    await page.getByRole('combobox', { name: /^Commune \*/ }).fill('Paris 4e Arrondissement (75104)');
    await page.getByRole('textbox', { name: 'Code postal *' }).fill('75004');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/mon-profil\?enregistre=pending/);
    await expectVisible(page.getByRole('heading', { name: 'Modification en cours de vérification' }));
    await expectVisible(page.getByRole('cell', { name: '5 rue de Rivoli' }));
    await expectAccessible(page);
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    expect((await stack.db('cases').where({ registration_id: registrationId }).first()).office_id).toBe(
      'caf-75',
    );
    expect((await publishedProfile(stack, registrationId)).commune).toBe('Lyon 3e Arrondissement');
    await page.goto(`${ui.url}/mon-profil/identite`);
    await expectVisible(page.getByText('Une autre modification attend la décision de la CAF'));
    await expectAccessible(page);
    await page.goto(`${ui.url}/mon-profil/agrement`);
    await expectVisible(page.getByText('Une autre modification attend la décision de la CAF'));
    await expectAccessible(page);
    // Her availability still applies at once, while the move waits.
    await page.goto(`${ui.url}/mon-profil/disponibilites`);
    await expectVisible(page.getByRole('heading', { name: 'Mettre à jour mes disponibilités', level: 1 }));
    await expectAccessible(page);
    await page.goto(`${ui.url}/mon-profil/indisponible`);
    await expectVisible(page.getByRole('button', { name: 'Confirmer : je suis indisponible' }));
    await expectAccessible(page);

    // "Complète": one action, after saying what it means.
    await page.goto(`${ui.url}/mon-profil`);
    await page.getByRole('link', { name: 'Je suis complète' }).click();
    await page.waitForURL(/mon-profil\/complete/);
    await expectVisible(page.getByText('Cela compte comme votre déclaration de disponibilités.'));
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirmer : je suis complète' }).click();
    await page.waitForURL(/mon-profil\?enregistre=full/);
    await expectVisible(page.getByText('C’est noté : vous êtes complète.'));
    expect((await publishedProfile(stack, registrationId)).availability.status).toBe('full');

    // The Paris CAF approves: her page follows without reloading, and Paris is published.
    const commands = caseCommands(stack.deps);
    await commands.claim(registrationId, parisModerator);
    await commands.decide(registrationId, { actor: parisModerator, kind: 'approve', messageId: null });
    await expectVisible(
      page.getByText('La CAF a validé votre modification « Coordonnées et publication »'),
      20_000,
    );
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Voir ma fiche comme un parent' }).click();
    await expectVisible(page.getByText('5 rue de Rivoli, 75004 Paris 4e Arrondissement'));
    await expectVisible(page.getByText(/^Complète/));
    await expectAccessible(page);
    await page.context().close();
  });
});
