/**
 * Accounts through the UI, on the real stack: sign-up confirmed from the dev mailbox, a forgotten
 * password, her account page, a locked account's message, and a staff invitation accepted with
 * TOTP enrolment followed by a two-step sign-in. axe checks every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKey } from '../../api/auth/throttle.ts';
import { DEMO_ACCOUNTS } from '../../stack/demo-account-list.ts';
import { waitFor } from '../../stack/wait.ts';
import { TEST_TOTP_SECRET, TOTP_PERIOD_MS, totpCode } from '../support/accounts.ts';
import {
  expectAccessible,
  expectVisible,
  BROWSER_TEST_TIMEOUT,
  newPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { createUser, TEST_PASSWORD, uniqueEmail } from '../support/fixtures.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let browser: Browser;
let suite: BrowserStack;

beforeAll(async () => {
  // As behind a TLS reverse proxy: the UI server reads the browser's address from X-Forwarded-For
  // (adapter-node's setting, inherited by the UI process), then forwards it to the API.
  process.env.ADDRESS_HEADER = 'x-forwarded-for';
  suite = await startBrowserStack('browser-accounts', { mailbox: true });
  ({ stack, ui, browser } = suite);
});
afterAll(() => suite?.close());

async function signIn(page: Page, email: string, password: string, totp?: { secret: string; at?: number }) {
  await page.goto(`${ui.url}/connexion`);
  await expectAccessible(page);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (!totp) return;
  await page.waitForURL(/\/connexion\/code/);
  await expectAccessible(page);
  await page.getByLabel(/Code de vérification/).fill(totpCode(totp.secret, totp.at));
  await page.getByRole('button', { name: 'Valider' }).click();
}

/** Opens, from the dev mailbox page, the link of the newest email to `to` with this subject. */
async function openMailLink(page: Page, to: string, subject: string) {
  const mail = page.locator('article', { hasText: to }).filter({ hasText: subject }).first();
  // Some emails leave in the background (the reset request answers first): reload until it is there.
  await waitFor(`le courriel « ${subject} »`, 10_000, async () => {
    await page.goto(`${ui.url}/boite-de-reception`);
    if (!(await mail.isVisible())) throw new Error('pas encore arrivé');
  });
  await expectAccessible(page);
  await mail.getByRole('link').first().click();
}

describe('her account in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('signs up, confirms her address from the mailbox, and sees it on her account page', async () => {
    const email = uniqueEmail('inscrite');
    const page = await newPage(browser);
    await page.goto(`${ui.url}/inscription`);
    await page.getByLabel('Nom et prénom').fill('Camille Dupont');
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByLabel('Mot de passe').fill('une phrase de passe longue');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.waitForURL(`${ui.url}/verification`);
    await expectVisible(page.getByText(`Nous venons d’envoyer un lien à ${email}`));
    await expectAccessible(page);

    await page.goto(`${ui.url}/mon-compte`);
    await expectVisible(page.getByText('À confirmer'));
    await expectAccessible(page);

    await openMailLink(page, email, 'Confirmez votre adresse électronique');
    await page.waitForURL(/\/verification\/[\w-]+$/);
    await expectVisible(page.getByText('Votre adresse électronique est confirmée.'));
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Continuer mon dossier' }).click();
    await page.waitForURL(`${ui.url}/mon-dossier`);

    await page.goto(`${ui.url}/mon-compte`);
    await expectVisible(page.getByText('Confirmée', { exact: true }));
    const user = await stack.db('users').where({ email_normalized: email }).first('email_verified_at');
    expect(user.email_verified_at).not.toBeNull();

    await page.getByLabel('Mot de passe actuel').fill('pas le bon');
    await page.getByLabel('Nouveau mot de passe').fill('une autre phrase de passe');
    await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await expectVisible(page.getByText('Mot de passe actuel incorrect.').first());
    await expectAccessible(page);
    await page.getByLabel('Mot de passe actuel').fill('une phrase de passe longue');
    await page.getByLabel('Nouveau mot de passe').fill('une autre phrase de passe');
    await page.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await expectVisible(page.getByText('Votre mot de passe a été changé.'));

    await page.getByRole('button', { name: 'Me déconnecter partout' }).click();
    await page.waitForURL(/\/connexion\?partout=1/);
    await expectVisible(page.getByText('Toutes vos sessions sont fermées'));
    await expectAccessible(page);
    await page.context().close();
  });

  it('resets a forgotten password with the emailed link', async () => {
    const user = await createUser(stack.db);
    const page = await newPage(browser);
    await page.goto(`${ui.url}/connexion`);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.waitForURL(/mot-de-passe-oublie/);
    await expectAccessible(page);
    await page.getByLabel('Adresse électronique').fill(user.email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await expectVisible(page.getByText('Si un compte existe avec cette adresse'));
    await expectAccessible(page);

    await openMailLink(page, user.email, 'Réinitialisation de votre mot de passe');
    await page.waitForURL(/\/reinitialisation\//);
    await expectAccessible(page);
    const resetUrl = page.url();
    await page.getByLabel('Nouveau mot de passe').fill('court');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expectVisible(page.getByText('Au moins 12 caractères.').first());
    await expectAccessible(page);
    await page.getByLabel('Nouveau mot de passe').fill('mon nouveau mot de passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.waitForURL(/\/connexion\?reinitialise=1/);
    await expectVisible(page.getByText('Votre mot de passe a été changé.'));

    await signIn(page, user.email, 'mon nouveau mot de passe');
    await page.waitForURL(/mon-dossier/);
    await page.goto(resetUrl);
    await expectVisible(page.getByText('Ce lien a déjà servi.'));
    await expectAccessible(page);
    await page.context().close();
  });

  it('tells her until when her account is locked', async () => {
    const user = await createUser(stack.db);
    const page = await newPage(browser);
    await page.context().setExtraHTTPHeaders({ 'x-forwarded-for': '198.51.100.7' });
    for (let i = 0; i < 5; i++) await signIn(page, user.email, 'pas le bon mot de passe');
    await expectVisible(page.getByText(/ce compte est bloqué jusqu’à \d{1,2} h \d{2}/));
    await expectAccessible(page);
    // The API throttled the browser's address, as the UI server forwarded it, not the UI server's own.
    const addresses = await stack
      .db('login_failures')
      .where({ account_key: accountKey(user.email) })
      .distinct()
      .pluck('address');
    expect(addresses).toEqual(['198.51.100.7']);
    await page.context().close();
  });
});

describe('staff accounts in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('invites a moderator, who enrols her app from the QR code and then signs in with a code', async () => {
    const supervisor = await createUser(stack.db, { role: 'supervisor', name: 'Sophie Superviseuse' });
    const invitee = uniqueEmail('nouvelle');
    const page = await newPage(browser);
    await signIn(page, supervisor.email, TEST_PASSWORD, { secret: TEST_TOTP_SECRET });
    await page.waitForURL(/moderation/);
    await page.goto(`${ui.url}/supervision/agents`);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Inviter un agent' }).click();
    await page.waitForURL(/agents\/inviter/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expectVisible(page.getByText('Certains champs sont à corriger').first());
    await expectAccessible(page);
    await page.getByLabel('Nom et prénom').fill('Nadia Martin');
    await page.getByLabel('Adresse électronique professionnelle').fill(invitee);
    await page.getByRole('radio', { name: /Modératrice ou modérateur/ }).check({ force: true });
    await page.locator('#office-caf-69').check({ force: true });
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await page.waitForURL(/agents\?fait=invitation/);
    await expectVisible(page.getByText('Invitation envoyée. Le lien est valable 7 jours.'));
    await page.getByRole('link', { name: 'Nadia Martin' }).click();
    await page.waitForURL(/agents\/[0-9a-f-]{36}$/);
    await expectVisible(page.getByRole('button', { name: 'Renvoyer l’invitation' }));
    await expectAccessible(page);
    await page.context().close();

    const her = await newPage(browser);
    await openMailLink(her, invitee, 'Votre compte d’agent');
    await her.waitForURL(/\/invitation\//);
    await expectVisible(her.locator('.qr svg'));
    await expectAccessible(her);
    const secret = (await her.locator('code.secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await her.getByLabel('Mot de passe').fill('le mot de passe de Nadia');
    await her.getByLabel(/Code de vérification/).fill('000000' === totpCode(secret) ? '111111' : '000000');
    await her.getByRole('button', { name: 'Activer mon compte' }).click();
    await expectVisible(her.getByText('Code incorrect.', { exact: false }).first());
    await expectAccessible(her);
    const enrolledAt = Date.now();
    await her.getByLabel('Mot de passe').fill('le mot de passe de Nadia');
    await her.getByLabel(/Code de vérification/).fill(totpCode(secret, enrolledAt));
    await her.getByRole('button', { name: 'Activer mon compte' }).click();
    await her.waitForURL(/moderation/);
    await her.getByRole('button', { name: 'Se déconnecter' }).click();
    await her.waitForURL(`${ui.url}/`);

    // The code that enrolled her cannot open a session; the next one can.
    await signIn(her, invitee, 'le mot de passe de Nadia', { secret, at: enrolledAt });
    await expectVisible(her.getByText('Ce code a déjà servi').first());
    await expectAccessible(her);
    await her.getByLabel(/Code de vérification/).fill(totpCode(secret, enrolledAt + TOTP_PERIOD_MS));
    await her.getByRole('button', { name: 'Valider' }).click();
    await her.waitForURL(/moderation/);
    await her.goto(`${ui.url}/mon-compte`);
    await expectVisible(her.getByText('Activée (application d’authentification)'));
    await expectAccessible(her);
    await her.context().close();
  });

  it('invites a département agent for a département of her offices, who lands on her département', async () => {
    const supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
    const invitee = uniqueEmail('pmi-ain');
    const page = await newPage(browser);
    await signIn(page, supervisor.email, TEST_PASSWORD, { secret: TEST_TOTP_SECRET });
    await page.waitForURL(/moderation/);
    await page.goto(`${ui.url}/supervision/agents/inviter`);
    await page.getByLabel('Nom et prénom').fill('Inès Durand');
    await page.getByLabel('Adresse électronique professionnelle').fill(invitee);
    await page.getByRole('radio', { name: /Agent du département \(PMI\)/ }).check({ force: true });
    // Her offices give way to the départements routed to them: the Ain is, Paris is not.
    await expectVisible(page.getByLabel(/^Département/));
    expect(await page.locator('#office-caf-69').count()).toBe(0);
    expect(await page.locator('#departementCode option[value="75"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await expectVisible(page.getByText('Choisissez le département de cet agent.').first());
    await expectAccessible(page);
    await page.getByLabel(/^Département/).selectOption('01');
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await page.waitForURL(/agents\?fait=invitation/);
    await expectVisible(page.getByRole('cell', { name: 'Département : Ain' }));
    await expectAccessible(page);
    await page.context().close();

    const her = await newPage(browser);
    await openMailLink(her, invitee, 'Votre compte d’agent');
    await her.waitForURL(/\/invitation\//);
    await expectVisible(her.getByText('Votre rôle : Agent du département (PMI) — Département : Ain.'));
    await expectAccessible(her);
    const secret = (await her.locator('code.secret').innerText()).replace(/\s/g, '');
    await her.getByLabel('Mot de passe').fill('le mot de passe d’Inès');
    await her.getByLabel(/Code de vérification/).fill(totpCode(secret));
    await her.getByRole('button', { name: 'Activer mon compte' }).click();
    await her.waitForURL(/\/departement/);
    await her.goto(`${ui.url}/departement/assistantes-maternelles`);
    await expectVisible(her.getByText('Ain (01)', { exact: false }));
    await her.context().close();
  });

  it('deactivates an account from its page', async () => {
    const supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
    const moderator = await createUser(stack.db, {
      role: 'moderator',
      officeId: 'caf-69',
      name: 'Agent Partant',
    });
    const page = await newPage(browser);
    await signIn(page, supervisor.email, TEST_PASSWORD, {
      secret: TEST_TOTP_SECRET,
      at: Date.now() + TOTP_PERIOD_MS,
    });
    await page.waitForURL(/moderation/);
    await page.goto(`${ui.url}/supervision/agents/${moderator.id}`);
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    await expectVisible(page.getByText('Cochez la case pour confirmer.').first());
    await expectAccessible(page);
    await page.getByLabel('Je confirme vouloir désactiver ce compte').check({ force: true });
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    await page.waitForURL(/agents\?fait=desactivation/);
    await expectVisible(page.getByText('Compte désactivé : ses sessions sont fermées.'));
    const row = page.getByRole('row', { name: /Agent Partant/ });
    await expectVisible(row.getByText('Désactivé'));
    await page.context().close();
  });

  it('shows the demo staff codes on the embedded stack', async () => {
    const page = await newPage(browser);
    await page.goto(`${ui.url}/codes-demo`);
    await expectAccessible(page);
    const demo = DEMO_ACCOUNTS.find((account) => account.role === 'moderator')!;
    const shown = await page.locator(`strong.code[data-email="${demo.email}"]`).innerText();
    const now = Date.now();
    expect([totpCode(demo.totpSecret!, now), totpCode(demo.totpSecret!, now - TOTP_PERIOD_MS)]).toContain(
      shown,
    );
    await page.context().close();
  });
});
