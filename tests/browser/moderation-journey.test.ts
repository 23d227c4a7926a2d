/**
 * A moderator's day in Chromium, on the real stack: she filters her queue, opens a case, sees the
 * agrément's pages drawn beside the declaration, takes the case (a colleague who tries too is told
 * she was quicker), leaves an internal note, asks for a correction; once the childminder has
 * resubmitted, she approves. A supervisor gives another case to her. axe checks every staff page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCommands } from '../../api/cases/commands.ts';
import {
  expectAccessible,
  expectVisible,
  BROWSER_TEST_TIMEOUT,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { createUser, waitForStatus } from '../support/fixtures.ts';
import { caseInModeration } from '../support/moderation.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-moderation');
  ({ stack, ui } = suite);
});
afterAll(() => suite?.close());

/** A page signed in as `user` (signing in itself, with its second factor, is tested elsewhere). */
const pageAs = (user: Parameters<typeof signedInPage>[1]) => signedInPage(suite, user);

describe('moderation in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('takes a case from the queue to a correction request, then to approval', async () => {
    const { registrationId, owner } = await caseInModeration(stack);
    const nadia = await createUser(stack.db, {
      role: 'moderator',
      officeId: 'caf-69',
      name: 'Nadia Modératrice',
    });
    const lina = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name: 'Lina Collègue' });
    const page = await pageAs(nadia);

    await page.goto(`${ui.url}/moderation`);
    await expectAccessible(page);
    await expectVisible(page.getByText(/1 dossier correspond aux filtres/));
    await page.getByLabel('Prise en charge').selectOption('unheld');
    await page.getByLabel('Ordre').selectOption('due');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/holder=unheld/);
    expect(page.url()).toContain('sort=due');
    await expectAccessible(page);
    // A filter the API refuses is explained next to its field, in French.
    await page.goto(`${ui.url}/moderation?minAgeDays=-3`);
    await expectVisible(
      page.getByText('Ancienneté minimale : le nombre de jours ne peut pas être négatif.').first(),
    );
    await expectAccessible(page);
    await page.goto(`${ui.url}/moderation?holder=unheld`);
    await page.getByRole('link', { name: /DUPONT Camille/ }).click();
    await page.waitForURL(new RegExp(`/moderation/dossiers/${registrationId}`));

    // The agrément's page is drawn in the browser, beside the declaration.
    const firstPage = page.getByRole('img', { name: /^Page 1 sur 1 de « agrement\.pdf »/ });
    await expectVisible(firstPage, 30_000);
    await page.locator('canvas[data-rendered="true"]').first().waitFor({ timeout: 30_000 });
    const narrow = (await page.locator('canvas').first().boundingBox())!.width;
    await page.getByRole('button', { name: 'Agrandir' }).click();
    await expect
      .poll(async () => (await page.locator('canvas').first().boundingBox())!.width)
      .toBeGreaterThan(narrow);
    await expectVisible(page.getByText('Identité certifiée').first());
    await expectAccessible(page);

    // Lina had the case open too; Nadia takes it first.
    const colleague = await pageAs(lina);
    await colleague.goto(`${ui.url}/moderation/dossiers/${registrationId}`);
    await page.getByRole('button', { name: 'Prendre en charge ce dossier' }).click();
    await expectVisible(page.getByText('Vous tenez ce dossier'));
    await colleague.getByRole('button', { name: 'Prendre en charge ce dossier' }).click();
    await expectVisible(
      colleague.getByText('Ce dossier vient d’être pris en charge par une autre personne.'),
    );
    await expectAccessible(colleague);
    await colleague.context().close();

    // An internal note: refused when empty, with the reason next to the field.
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await expectVisible(page.getByText('Écrivez la note.'));
    await page.getByLabel('Nouvelle note').fill('Numéro d’agrément à vérifier avec la PMI.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await expectVisible(page.getByText('Numéro d’agrément à vérifier avec la PMI.'));
    await expectAccessible(page);

    // A correction request without its reason is refused; what she wrote stays.
    await page.getByLabel('Demander une correction').check({ force: true });
    await page.getByLabel('Message pour l’assistante maternelle *').fill('Le numéro ne correspond pas.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expectVisible(page.getByText('Choisissez un motif.'));
    expect(await page.getByLabel('Message pour l’assistante maternelle *').inputValue()).toBe(
      'Le numéro ne correspond pas.',
    );
    await expectAccessible(page);
    await page.getByLabel('Motif *').selectOption('incorrect');
    await page.getByLabel('Agrément', { exact: true }).check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expectVisible(page.getByText('Décision enregistrée.'));
    await expectVisible(page.getByText('Correction demandée').first());
    await expectAccessible(page);

    // She corrects and resubmits (through the API, as her own pages do).
    const commands = caseCommands(stack.deps);
    await commands.resubmit(registrationId, owner.actor);
    await waitForStatus(stack.db, registrationId, 'in_moderation');

    await page.goto(`${ui.url}/moderation/dossiers/${registrationId}`);
    await expectVisible(page.getByText('Vous tenez ce dossier'));
    await page.getByLabel('Valider l’inscription').check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await expectVisible(page.getByText('Décision enregistrée.'));
    await expectVisible(page.getByText('Inscription validée').first());
    await expectAccessible(page);
    expect((await stack.db('cases').where({ registration_id: registrationId }).first()).status).toBe(
      'active',
    );
    const audit = await stack.db('audit_log').where({ target_id: registrationId }).pluck('action');
    expect(audit).toEqual(
      expect.arrayContaining(['case.claimed', 'case.note_added', 'case.request_correction', 'case.approve']),
    );
    await page.context().close();
  });

  it('lets a supervisor give a case to a moderator of its office', async () => {
    const { registrationId } = await caseInModeration(stack);
    const sofia = await createUser(stack.db, {
      role: 'moderator',
      officeId: 'caf-69',
      name: 'Sofia Renfort',
    });
    const supervisor = await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] });
    const page = await pageAs(supervisor);
    await page.goto(`${ui.url}/moderation`);
    await expectAccessible(page);
    await page.goto(`${ui.url}/moderation/dossiers/${registrationId}`);
    await expectAccessible(page);
    await page.getByLabel(/Modératrice de la CAF/).selectOption({ label: 'Sofia Renfort' });
    await page.getByRole('button', { name: 'Confier', exact: true }).click();
    await expectVisible(page.getByText('Tenu par Sofia Renfort.'));
    await expectAccessible(page);
    expect((await stack.db('cases').where({ registration_id: registrationId }).first()).holder_id).toBe(
      sofia.id,
    );
    await page.context().close();
  });
});
