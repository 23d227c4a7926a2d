/**
 * A parent in Chromium, on the real stack: she searches by postal code, opens a childminder's
 * page (what the childminder hides is not there), sends a request and confirms her email from the
 * demo mailbox; the childminder answers from "Mes demandes", sharing her hidden phone; the parent
 * reads the answer through her private link. Also the search without JavaScript. axe on every page,
 * at a phone's width and a desktop's (SCREENSHOTS=dir keeps pictures of each page).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkPath, waitForMail } from '../support/accounts.ts';
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
import { createUser, registrationFor, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import { publishedChildminder, VILLEURBANNE } from '../support/search.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;
let her: { owner: { email: string }; registrationId: string };

beforeAll(async () => {
  suite = await startBrowserStack('browser-parent-journey', { mailbox: true });
  ({ stack, ui, browser } = suite);
  const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
  const data = registrationFor();
  data.contact.phone = '06 31 41 59 26';
  data.contact.publication = { showAddress: false, showPhone: false, showEmail: true };
  data.availability = {
    status: 'available',
    from: '2026-09-01',
    places: { under3: 2, from3to6: 0, over6: 0 },
    slots: ['mon', 'tue', 'thu', 'fri'].map((day) => ({ day: day as 'mon', start: '07:45', end: '18:15' })),
  };
  her = await activeChildminder(stack, moderator.actor, { data });
  await publishedChildminder(stack.db, { commune: VILLEURBANNE });
  await publishedChildminder(stack.db, {
    availability: { status: 'full', places: { under3: 0, from3to6: 0, over6: 0 } },
  });
});
afterAll(() => suite?.close());

/** axe, then (with SCREENSHOTS) a picture at 390 px and at 1280 px; the page is left at 1280 px. */
async function check(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await expectAccessible(page);
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

describe('a parent finds a childminder and contacts her', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('searches by postal code, contacts her, confirms her email, and reads her answer', async () => {
    const parentEmail = uniqueEmail('parent');
    const page = await newPage(browser);
    await page.goto(`${ui.url}/recherche`);
    await check(page, 'recherche');
    await page.getByLabel(/Commune ou code postal/).fill('69003');
    await page.getByLabel('Âge de l’enfant').selectOption('under3');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/commune=69383/);
    await expectVisible(
      page.getByRole('heading', { name: /Résultats à 10 km autour de Lyon 3e Arrondissement/ }),
    );
    const card = page.getByRole('link', { name: /Voir la fiche de Camille DUPONT/ });
    await expectVisible(card);
    await expectVisible(page.getByText(/· Dans la commune/).first());
    await expectVisible(page.getByText(/Disponibilités confirmées le/).first());
    await expectVisible(page.getByText('Complète').first());
    await check(page, 'resultats');
    // The URL carries the search: the same results from a fresh page.
    const shared = page.url();
    expect(new URL(shared).searchParams.get('age')).toBe('under3');

    await card.click();
    await page.waitForURL(/assistantes-maternelles\//);
    await expectVisible(page.getByRole('heading', { name: 'Camille DUPONT', level: 1 }));
    await expectVisible(page.getByRole('table', { name: /Jours et horaires d’accueil/ }));
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('06 31 41 59 26');
    expect(text).not.toContain('rue de la République');
    expect(text).toContain('69003 Lyon 3e Arrondissement (adresse non publiée)');
    await check(page, 'fiche');
    await page.getByRole('link', { name: 'Retour aux résultats' }).click();
    await page.waitForURL((url) => url.href === shared);
    await page.goBack();

    await page.getByRole('link', { name: 'Contacter cette assistante maternelle' }).click();
    await page.waitForURL(/contacter$/);
    await check(page, 'contact');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click(); // empty: the browser says what is missing
    await page.getByLabel('Vos prénom et nom').fill('Léa Martin');
    await page.getByLabel(/Votre adresse électronique/).fill(parentEmail);
    await page.getByLabel('Date d’entrée souhaitée').fill('2027-01-04');
    await page.getByLabel('Lundi').check({ force: true });
    await page.getByLabel('Mardi').check({ force: true });
    await page.getByLabel(/Votre message/).fill('court');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expectVisible(page.getByText(/10 caractères au moins/).first());
    await check(page, 'contact-erreur');
    await page
      .getByLabel(/Votre message/)
      .fill('Bonjour, nous cherchons une place pour notre fille de 10 mois.');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Dernière étape : confirmez votre adresse' }));
    await check(page, 'contact-envoyee');

    const verification = await waitForMail(stack.mailboxUrl, parentEmail, /Confirmez votre demande/);
    await page.goto(`${ui.url}${linkPath(verification, 'demandes')}`);
    await expectVisible(page.getByText('Transmise, en attente de sa réponse'));
    await check(page, 'demande-transmise');

    // She answers from "Mes demandes", sharing the phone she hides on her page.
    const mine = await newPage(browser);
    await mine.goto(`${ui.url}/connexion`);
    await mine.getByLabel('Adresse électronique').fill(her.owner.email);
    await mine.getByLabel('Mot de passe').fill(TEST_PASSWORD);
    await mine.getByRole('button', { name: 'Se connecter' }).click();
    await mine.waitForURL(/mon-dossier/);
    await mine.getByRole('link', { name: 'Mes demandes' }).click();
    await mine.waitForURL(/mes-demandes$/);
    await check(mine, 'mes-demandes');
    await mine.getByRole('link', { name: 'Voir la demande de Léa Martin' }).click();
    await expectVisible(mine.getByText(parentEmail));
    await check(mine, 'demande');
    await mine.getByLabel(/Téléphone : 06 31 41 59 26 \(masqué sur votre fiche\)/).check({ force: true });
    await mine.getByLabel('Votre message *').fill('Bonjour, appelez-moi après 18 h 30.');
    await mine.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await expectVisible(mine.getByText('Votre réponse a été envoyée au parent.'));
    await check(mine, 'demande-repondue');
    await mine.context().close();

    const answer = await waitForMail(stack.mailboxUrl, parentEmail, /Réponse de Camille DUPONT/);
    await page.goto(`${ui.url}${linkPath(answer, 'demandes')}`);
    await expectVisible(page.getByText('Elle accepte d’en parler avec vous. Pour la joindre :'));
    await expectVisible(page.getByText('06 31 41 59 26'));
    await expectVisible(page.getByText('Bonjour, appelez-moi après 18 h 30.'));
    await check(page, 'reponse');

    // Later, from any device: every request she sent, from one emailed link, without an account.
    await page.getByRole('link', { name: 'Suivre toutes mes demandes' }).click();
    await page.getByLabel('Adresse électronique').fill(parentEmail);
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await expectVisible(page.getByText(/un lien vient d’y partir/));
    await check(page, 'suivi-demandes');
    const follow = await waitForMail(stack.mailboxUrl, parentEmail, /Vos demandes de contact/);
    await page.goto(`${ui.url}${linkPath(follow, 'suivi-demandes')}`);
    await expectVisible(page.getByRole('heading', { name: 'Demande à Camille DUPONT' }));
    await expectVisible(page.getByText('06 31 41 59 26'));
    await check(page, 'suivi-demandes-liste');
    await page.context().close();
  });

  it('works without JavaScript: the form, a choice of communes, and the list', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, bypassCSP: true, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${ui.url}/recherche`);
    await page.getByLabel(/Commune ou code postal/).fill('Saint-Priest');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    // Several communes bear this name: she picks hers.
    await expectVisible(page.getByRole('heading', { name: /Plusieurs communes correspondent/ }));
    await page.goto(`${ui.url}/recherche?ou=69100&rayon=5`);
    await page.waitForURL(/commune=69266/);
    await expectVisible(page.getByRole('heading', { name: /Résultats à 5 km autour de Villeurbanne/ }));
    await expectVisible(page.getByRole('link', { name: /Voir la fiche de Camille DUPONT/ }));
    await context.close();
  });
});
