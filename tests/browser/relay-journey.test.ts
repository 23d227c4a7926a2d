/**
 * Relais petite enfance in a browser, on the real stack: she lets the relay of her commune help her
 * (and sees what it will see and do); parents see the relay on her page; her declaration deadline
 * passes; the relay agent signs in with the staff second factor, finds her among those overdue,
 * declares for her; she sees « fait par … pour le compte de … » on her timeline; she withdraws her
 * consent and the relay's page of her is gone. The supervisor's relays page is visited too.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../stack/wait.ts';
import { TEST_TOTP_SECRET, totpCode } from '../support/accounts.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  newPage,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { activeChildminder, deadlinesIn, policyWith } from '../support/childminder.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import { insertRelay, relayAgent } from '../support/relays.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-relay');
  ({ stack, ui, browser } = suite);
});
afterAll(() => suite?.close());

const pageAs = (user: Parameters<typeof signedInPage>[1]) => signedInPage(suite, user);

describe('a relay helping a childminder, in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('with her consent, declares for her when she is overdue; she sees it; she withdraws it', async () => {
    const moderator = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
    // Her registration declared for the first deadline; the second one she misses.
    const { owner, registrationId } = await activeChildminder(stack, moderator, {
      policy: policyWith(deadlinesIn(12, 20), 3000),
    });
    await stack.db('users').where({ id: owner.id }).update({ display_name: 'Camille Dupont' });
    const relay = await insertRelay(stack.db, {
      communeCodes: ['69123'],
      name: 'Relais petite enfance Lyon Est',
    });
    const agent = await relayAgent(stack.db, relay.id);

    // She chooses the relay, after reading what it will see and do.
    const her = await pageAs(owner);
    await her.goto(`${ui.url}/mon-relais`);
    await expectVisible(her.getByRole('heading', { name: 'Ce que le relais ne pourra jamais faire' }));
    await expectAccessible(her);
    await her.getByLabel(/Relais petite enfance Lyon Est/).check({ force: true });
    await her.getByRole('button', { name: 'Donner mon accord à ce relais' }).click();
    await expectVisible(her.getByText('Vous autorisez le Relais petite enfance Lyon Est à vous aider.'));
    await expectAccessible(her);

    // Parents see the relay of her commune on her public page.
    const parent = await newPage(browser);
    await parent.goto(`${ui.url}/assistantes-maternelles/${registrationId}`);
    await expectVisible(parent.getByRole('heading', { name: 'Relais petite enfance Lyon Est' }));
    await expectAccessible(parent);

    await waitFor('sa déclaration en retard', 90_000, async () => {
      const row = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
      if (!row?.overdue_deadline) throw new Error('pas encore en retard');
    });

    // The relay agent signs in with her password and her second factor.
    const desk = await newPage(browser);
    await desk.goto(`${ui.url}/connexion`);
    await desk.getByLabel('Adresse électronique').fill(agent.email);
    await desk.getByLabel('Mot de passe').fill(TEST_PASSWORD);
    await desk.getByRole('button', { name: 'Se connecter' }).click();
    await desk.waitForURL(/\/connexion\/code/);
    await desk.getByLabel(/Code de vérification/).fill(totpCode(TEST_TOTP_SECRET));
    await desk.getByRole('button', { name: 'Valider' }).click();
    await desk.waitForURL(/\/relais$/);
    await expectVisible(desk.getByRole('heading', { name: 'Assistantes maternelles accompagnées' }));
    await expectAccessible(desk);
    await desk.getByLabel('Besoin').selectOption('declaration_overdue');
    await desk.getByRole('button', { name: 'Filtrer' }).click();
    await desk.waitForURL(/besoin=declaration_overdue/);
    const row = desk.getByRole('row', { name: /Camille Dupont/ });
    await expectVisible(row);
    expect(await row.textContent()).toContain('Déclaration de disponibilités en retard');
    await expectAccessible(desk);

    await row.getByRole('link', { name: 'Camille Dupont' }).click();
    await expectVisible(desk.getByRole('heading', { name: 'Agir pour elle' }));
    expect(await desk.locator('main').textContent()).not.toMatch(/\d{13}/); // never her NIR
    await expectAccessible(desk);
    await desk.getByRole('link', { name: 'Déclarer ses disponibilités' }).click();
    await expectVisible(desk.getByRole('heading', { name: 'Déclarer les disponibilités de Camille Dupont' }));
    await expectAccessible(desk);
    await desk.getByRole('button', { name: 'Enregistrer pour elle' }).click();
    await expectVisible(desk.getByText(/la modification est publiée et elle a reçu un courriel/));
    const status = await stack.db('declaration_status').where({ registration_id: registrationId }).first();
    expect(status.overdue_deadline).toBeNull();
    await expectAccessible(desk);
    await desk.getByRole('link', { name: 'Modifier ses coordonnées et choix de publication' }).click();
    await expectVisible(desk.getByRole('heading', { name: 'Coordonnées de Camille Dupont' }));
    await expectAccessible(desk);

    // She sees on her timeline who declared for her.
    await her.goto(`${ui.url}/mon-dossier`);
    await expectVisible(
      her.getByText('Fait par Relais petite enfance Lyon Est pour le compte de Camille Dupont').first(),
    );
    await expectAccessible(her);

    // She withdraws her consent in one action: the relay's page of her is gone at once.
    await her.goto(`${ui.url}/mon-relais`);
    await her.getByRole('button', { name: 'Retirer mon accord' }).click();
    await expectVisible(her.getByText(/votre accord est retiré/));
    await desk.goto(`${ui.url}/relais/${registrationId}`);
    await expectVisible(desk.getByText(/n’apparaît plus dans votre liste/));
    await expectAccessible(desk);
  });

  it('lets a supervisor see and add the relays of her départements', async () => {
    const supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
    const page = await pageAs(supervisor);
    await page.goto(`${ui.url}/supervision/relais`);
    await expectVisible(page.getByRole('heading', { name: 'Relais petite enfance', level: 1 }));
    await page.getByLabel('Nom du relais').fill('Relais de Bron');
    await page.locator('input[name="address"]').fill('1 rue de Bron');
    await page.getByLabel('Code postal').fill('69500');
    await page.getByLabel('Commune du relais').fill('Bron');
    await page.locator('input[name="phone"]').fill('04 11 22 33 44');
    await page.getByLabel(/Communes couvertes/).fill('69029');
    await page.getByRole('button', { name: 'Créer le relais' }).click();
    await expectVisible(page.getByText('Le relais est créé.'));
    await expectVisible(page.getByRole('heading', { name: 'Relais de Bron' }));
    await expectAccessible(page);
  });
});
