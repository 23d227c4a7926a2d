/**
 * Sign-up with an address that already has an account, through the UI: no second account, the
 * sign-in page says an email left, and the owner gets it. A password change keeps her signed in on
 * the new token the API hands back (the old one is dead). axe checks every page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/auth/sessions.ts';
import { waitForMail } from '../support/accounts.ts';
import {
  expectAccessible,
  expectVisible,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { createUser, TEST_PASSWORD } from '../support/fixtures.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-signup-known', { mailbox: true });
  ({ stack, ui, browser } = suite);
});
afterAll(() => suite?.close());

const SHOTS = process.env.SCREENSHOTS_DIR;

describe('sign-up and password change in a browser', () => {
  it('answers a known address as a new one: the owner is emailed, nobody is signed in', async () => {
    const owner = await createUser(stack.db);
    const page = await newPage(browser);
    await page.goto(`${ui.url}/inscription`);
    await page.getByLabel('Nom et prénom').fill('Quelqu’un d’autre');
    await page.getByLabel('Adresse électronique').fill(owner.email);
    await page.getByLabel('Mot de passe').fill('une autre phrase de passe');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(/\/connexion\?inscription=1/);
    await expectVisible(page.getByText('Un courriel vient de partir vers cette adresse'));
    await expectAccessible(page);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/inscription-connue-${width}.png`, fullPage: true });
    }
    expect(await stack.db('users').where({ email_normalized: owner.email })).toHaveLength(1);
    expect(await page.context().cookies()).not.toContainEqual(
      expect.objectContaining({ name: 'registre_session' }),
    );
    const mail = await waitForMail(stack.mailboxUrl, owner.email, /Une inscription a été tentée/);
    expect(mail.text).toContain('/mot-de-passe-oublie');
    await page.context().close();
  });

  it('keeps her signed in after a password change, on a new session token', async () => {
    const user = await createUser(stack.db);
    const page = await newPage(browser);
    await page.goto(`${ui.url}/connexion`);
    await page.getByLabel('Adresse électronique').fill(user.email);
    await page.getByLabel('Mot de passe').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/mon-dossier/);
    const before = (await page.context().cookies()).find((c) => c.name === 'registre_session')!.value;

    await page.goto(`${ui.url}/mon-compte`);
    await page.getByLabel('Mot de passe actuel').fill(TEST_PASSWORD);
    await page.getByLabel('Nouveau mot de passe').fill('une toute nouvelle phrase');
    await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await expectVisible(page.getByText('Votre mot de passe a été changé.'));
    await expectAccessible(page);
    const after = (await page.context().cookies()).find((c) => c.name === 'registre_session')!.value;
    expect(after).not.toBe(before);
    expect(await stack.db('sessions').where({ token_hash: hashToken(before) })).toHaveLength(0);

    await page.reload();
    await expectVisible(page.getByRole('button', { name: 'Changer mon mot de passe' }));
    expect(page.url()).toContain('/mon-compte');
    await page.context().close();
  });
});
