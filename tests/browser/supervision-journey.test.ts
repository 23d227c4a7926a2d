/**
 * Supervision in a browser, on the real stack: a supervisor reads her dashboard, edits the routing
 * and an office's target time, starts a bulk reassignment of every case a filter selects and follows
 * it to its report, then moves one case alone. axe checks every page, refusals included.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectVisible,
  BROWSER_TEST_TIMEOUT,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import { TEST_TOTP_SECRET, totpCode } from '../support/accounts.ts';
import { casesInModeration, officesOfCases } from '../support/supervision.ts';
import type { FileStack } from '../support/stack.ts';

const CASES = 30;
let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;
let page: Page;
let ids: string[];

beforeAll(async () => {
  suite = await startBrowserStack('browser-supervision');
  ({ stack, ui, browser } = suite);
  ids = await casesInModeration(stack, CASES, { departement: '69' });
  const supervisor = await createUser(stack.db, {
    role: 'supervisor',
    officeIds: ['caf-69', 'caf-75'],
    name: 'Sophie Superviseuse',
  });
  page = await signIn(supervisor.email);
}, 180_000);
afterAll(() => suite?.close());

/** A staff member signed in (password, then the code of her authenticator), on her home page. */
async function signIn(email: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${ui.url}/connexion`);
  await expectAccessible(page);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/connexion\/code/);
  await expectAccessible(page);
  await page.getByLabel(/Code de vérification/).fill(totpCode(TEST_TOTP_SECRET));
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.waitForURL(/\/moderation/);
  await expectAccessible(page);
  return page;
}

/** The text of the callout whose label is `label` (a key figure of the dashboard). */
const figure = (label: string) =>
  page.locator('.fr-callout', { hasText: label }).locator('.fr-callout__title');

describe('supervision in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('shows the dashboard of her offices, as charts and as tables', async () => {
    await page.goto(`${ui.url}/supervision`);
    await expectAccessible(page);
    await expect.poll(() => figure('Dossiers ouverts').textContent()).toBe(String(CASES));
    await expectVisible(page.getByRole('img', { name: 'Dossiers ouverts par statut' }));
    await expectVisible(page.getByRole('table', { name: 'Charge de chaque CAF' }));
    await page.getByLabel('CAF affichée').selectOption('caf-75');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(/caf=caf-75/);
    await expectAccessible(page);
    expect(await figure('Dossiers ouverts').textContent()).toBe('0');
  });

  it('routes a département to another office, and explains a refusal next to the field', async () => {
    await page.goto(`${ui.url}/supervision/routage`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Modifier le routage de 01 – Ain' }).click();
    await page.waitForURL(/\/routage\/01$/);
    await expectAccessible(page);
    await page.getByLabel(/Nouvelle CAF pivot/).selectOption('caf-69');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expectVisible(page.locator('#officeId-error'));
    expect(await page.locator('#officeId-error').textContent()).toContain('déjà routé');
    await expectAccessible(page);

    await page.getByLabel(/Nouvelle CAF pivot/).selectOption('caf-75');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/\/routage\?modifie=01/);
    await expectVisible(page.getByText('Le routage du département 01 – Ain est modifié.'));
    await expectVisible(
      page.getByRole('table', { name: 'Historique des changements de routage' }).getByText('01 – Ain'),
    );
    await expectAccessible(page);
    expect(await stack.db('routing').where({ departement_code: '01' }).first('office_id')).toEqual({
      office_id: 'caf-75',
    });
  });

  it('sets an office’s target time, keeping a refused value next to its field', async () => {
    await page.goto(`${ui.url}/supervision/cafs`);
    await expectAccessible(page);
    const caf69 = page.getByLabel(/Délai cible de la CAF du Rhône/);
    await caf69.fill('0');
    await page.getByRole('button', { name: /Enregistrer le délai cible de la CAF du Rhône/ }).click();
    await expectVisible(page.locator('#target-caf-69-error'));
    expect(await page.getByLabel(/Délai cible de la CAF du Rhône/).inputValue()).toBe('0');
    await expectAccessible(page);
    await page.getByLabel(/Délai cible de la CAF du Rhône/).fill('12');
    await page.getByRole('button', { name: /Enregistrer le délai cible de la CAF du Rhône/ }).click();
    await expectVisible(page.getByText(/Délai cible de la CAF du Rhône.* enregistré/));
    expect(await stack.db('offices').where({ id: 'caf-69' }).first('target_working_days')).toEqual({
      target_working_days: 12,
    });
  });

  it('moves every case of a filter to another office and follows the progress to the report', async () => {
    await page.goto(`${ui.url}/supervision/reaffectations`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Nouvelle réaffectation' }).click();
    await page.waitForURL(/\/nouvelle/);
    await expectAccessible(page);
    await page.getByLabel('CAF d’origine').selectOption('caf-69');
    await page.getByLabel('Prise en charge').selectOption('unheld');
    await page.getByRole('button', { name: 'Afficher les dossiers' }).click();
    await page.waitForURL(/offices=caf-69/);
    await expectVisible(page.getByText(`${CASES} dossiers correspondent à ce filtre.`));
    await expectAccessible(page);

    // Ticked, but no office chosen: the error is next to the field, the ticks are kept.
    const boxes = page.getByRole('checkbox', { name: /Cocher le dossier/ });
    await boxes.nth(0).check({ force: true });
    await boxes.nth(1).check({ force: true });
    await page.getByRole('button', { name: 'Transférer les dossiers cochés' }).click();
    await expectVisible(page.locator('#toOfficeId-error'));
    expect(await boxes.nth(1).isChecked()).toBe(true);
    await expectAccessible(page);

    await page.getByLabel(/CAF de destination/).selectOption('caf-75');
    await page
      .getByRole('button', { name: `Transférer les ${CASES} dossiers du filtre (toutes les pages)` })
      .click();
    // Nothing moves before she has read how many cases go where, and confirmed.
    const confirmation = page.getByRole('alert').filter({ hasText: 'Confirmez le transfert' });
    await expectVisible(confirmation);
    expect(await confirmation.textContent()).toContain(`${CASES} dossiers vers la CAF de Paris`);
    expect(await officesOfCases(stack.db, ids)).toEqual({ 'caf-69': CASES });
    await expectAccessible(page);
    await page
      .getByRole('button', { name: `Confirmer : transférer ${CASES} dossiers vers la CAF de Paris` })
      .click();
    await page.waitForURL(/\/reaffectations\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByText(/dossiers traités|Sélection des dossiers/).first());
    await expectAccessible(page);
    await expectVisible(page.getByText('Terminée'), 60_000);
    await expectVisible(page.getByText(`${CASES} sur ${CASES} dossiers traités`));
    const moved = page
      .getByRole('table', { name: 'Résultat par dossier' })
      .getByRole('row', { name: /Transférés/ });
    expect(await moved.textContent()).toContain(String(CASES));
    await expectAccessible(page);
    expect(await officesOfCases(stack.db, ids)).toEqual({ 'caf-75': CASES });

    await page.getByRole('link', { name: 'Toutes les réaffectations' }).click();
    await expectVisible(
      page.getByRole('table', { name: /Réaffectations vers vos CAF/ }).getByText('Terminée'),
    );
    await expectAccessible(page);
  });

  it('answers an unknown reassignment with a page that says so', async () => {
    const response = await page.goto(`${ui.url}/supervision/reaffectations/${crypto.randomUUID()}`);
    expect(response?.status()).toBe(404);
    await expectVisible(page.getByRole('heading', { name: 'Page introuvable' }));
    await expectAccessible(page);
  });

  it('moves one case alone, at once', async () => {
    await page.goto(`${ui.url}/supervision/reaffectations/nouvelle?offices=caf-75`);
    await page
      .getByRole('link', { name: /Transférer ce dossier seul/ })
      .first()
      .click();
    await page.waitForURL(/\/reaffectations\/dossier\//);
    await expectAccessible(page);
    const id = page.url().split('/').at(-1)!;
    await page.getByLabel(/CAF de destination/).selectOption('caf-69');
    await page.getByRole('button', { name: 'Transférer le dossier' }).click();
    await expectVisible(page.getByText(/Dossier transféré à la CAF du Rhône/));
    await expectAccessible(page);
    expect(await stack.db('cases').where({ registration_id: id }).first('office_id')).toEqual({
      office_id: 'caf-69',
    });
  });

  it('is not there for a moderator', async () => {
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const her = await signIn(moderator.email);
    const response = await her.goto(`${ui.url}/supervision/reaffectations`);
    expect(response?.status()).toBe(404);
    // This 404 comes from the app's root error page (outside supervision); axe checks ours above.
    await her.context().close();
  });
});
