/**
 * What keeps staff from a wrong move, in a browser, on the real stack: queue rows that can be told
 * apart (case number, commune, date of submission), approval while an automatic check shows a problem
 * confirmed problem by problem, and pages that speak to staff about her ("La personne change de
 * département"), never in her words nor in codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseNumber } from '../../domain/case-reference.ts';
import type { Actor } from '../../domain/case-rules.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { activeChildminder, changeSection } from '../support/childminder.ts';
import { createUser, registrationFor, waitForStatus } from '../support/fixtures.ts';
import { caseInModeration } from '../support/moderation.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-staff-safeguards');
  ({ stack, ui } = suite);
});
afterAll(() => suite?.close());

/** A page signed in as `user` (signing in itself, with its second factor, is tested elsewhere). */
const pageAs = (user: Parameters<typeof signedInPage>[1]) => signedInPage(suite, user);

describe('staff safeguards in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('tells namesakes apart in the queue, and asks to confirm an approval despite a problem, naming it', async () => {
    // Two cases of the same person (same NIR): each shows the other as a problem.
    const first = await caseInModeration(stack);
    const second = await caseInModeration(stack);
    const nadia = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name: 'Nadia M.' });
    const page = await pageAs(nadia);
    await page.goto(`${ui.url}/moderation`);
    for (const id of [first.registrationId, second.registrationId])
      await expectVisible(page.getByText(`Dossier n° ${caseNumber(id)}`));
    const rows = page.getByRole('row', { name: /DUPONT Camille/ });
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Lyon 3e Arrondissement');
    expect(await rows.first().textContent()).toMatch(/\d{1,2}(er)? [a-zéû]+ \d{4}/);
    await expectVisible(page.getByRole('cell', { name: 'À examiner' }).first());
    await expectAccessible(page);

    await page.goto(`${ui.url}/moderation/dossiers/${first.registrationId}`);
    await expectVisible(page.getByText('Autre dossier avec le même NIR ou le même numéro d’agrément'));
    await expectVisible(page.getByText(/même NIR \(à examiner\)/));
    await page.getByRole('button', { name: 'Prendre en charge ce dossier' }).click();
    await expectVisible(page.getByText('Vous tenez ce dossier'));
    await page.getByLabel('Valider l’inscription').check({ force: true });
    const confirmation = page.getByLabel(/Je valide malgré le problème relevé/);
    await expectVisible(confirmation);
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expectVisible(
      page.getByText(/Les contrôles automatiques signalent : Autre dossier avec le même NIR/).first(),
    );
    expect((await stack.db('cases').where({ registration_id: first.registrationId }).first()).status).toBe(
      'in_moderation',
    );
    await expectAccessible(page);

    await page.getByLabel(/Je valide malgré le problème relevé/).check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expectVisible(page.getByText('Décision enregistrée.'));
    await waitForStatus(stack.db, first.registrationId, 'active');
    await expectAccessible(page);
    await page.context().close();

    // Her dashboard agrees with itself: the week with the decision, and the handling time of it.
    const supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
    const dashboard = await pageAs(supervisor);
    await dashboard.goto(`${ui.url}/supervision`);
    await expectVisible(dashboard.getByText(/^1 décision sur la période/));
    const weeks = dashboard.getByRole('table', { name: 'Décisions par semaine' }).locator('tbody tr');
    const counts = await weeks.locator('td').allTextContents();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    await expectAccessible(dashboard);
    await dashboard.context().close();
  });

  it('speaks to staff about her: a move to another département, in their words', async () => {
    const moderator: Actor = (await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' })).actor;
    const { owner, registrationId } = await activeChildminder(stack, moderator);
    const paris = registrationFor().contact;
    await changeSection(stack, registrationId, owner.actor, 'contact', {
      ...paris,
      address: {
        ...paris.address,
        line1: '5 rue de Rivoli',
        postalCode: '75004',
        communeCode: '75104',
        communeName: 'Paris 4e Arrondissement',
      },
    });
    await waitForStatus(stack.db, registrationId, 'change_in_moderation');
    const lea = await createUser(stack.db, { role: 'moderator', officeId: 'caf-75', name: 'Léa P.' });
    const page = await pageAs(lea);
    await page.goto(`${ui.url}/moderation/dossiers/${registrationId}`);
    await expectVisible(page.getByText(/La personne change de département/));
    await expectVisible(page.getByText('Modification à vérifier').first());
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/Vous changez de département|change_in_moderation/);
    await expectAccessible(page);
    await page.context().close();
  });
});
