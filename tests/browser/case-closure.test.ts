/**
 * A closed case and an expired agrément in a browser, on the real stack: the withdrawn childminder
 * reads on her page that her case is closed and why, with her data still to download; the pivot CAF
 * finds the case among the closed ones and reads why on its page; it filters its queue on « agrément
 * expiré », its status choice saying what is then shown (the validated registrations, not one waiting
 * for a decision), and so does her département in its list, with their counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../stack/wait.ts';
import { apiClient } from '../support/api-client.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { activeChildminder } from '../support/childminder.ts';
import { createUser, registrationFor } from '../support/fixtures.ts';
import { caseInModeration, sessionFor } from '../support/moderation.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-case-closure');
  ({ stack, ui } = suite);
});
afterAll(() => suite?.close());

/** What the queue shows with « agrément expiré » and no status chosen (domain/queue-filter.ts). */
const VALIDATED = 'Inscriptions validées';

const pageAs = (user: Parameters<typeof signedInPage>[1]) => signedInPage(suite, user);

describe('a closed case and an expired agrément in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('she reads why her case is closed; the CAF and her département find closed and expired ones', async () => {
    const moderator = await createUser(stack.db, {
      role: 'moderator',
      officeId: 'caf-69',
      name: 'Modératrice',
    });
    const agent = await createUser(stack.db, {
      role: 'departement_agent',
      departementCode: '69',
      name: 'Agente PMI',
    });
    const withdrawn = await activeChildminder(stack, moderator.actor);
    const expired = await activeChildminder(stack, moderator.actor);
    // A registration waiting for a decision, her agrément expired too: not a validated one.
    const waiting = await caseInModeration(stack);

    // Her change of agrément waits for the CAF when the withdrawal comes: it leaves the queue with her case.
    const changed = await apiClient(stack.apiUrl).put(
      `/api/registrations/${withdrawn.registrationId}/profile/sections/agrement`,
      { ...registrationFor().agrement, capacity: 4 },
      await sessionFor(stack.db, withdrawn.owner),
    );
    expect(changed.body.outcome).toBe('pending');

    // The withdrawal, as the département's systems send it; her lifecycle closes her case.
    const registration = await stack
      .db('registrations')
      .where({ id: withdrawn.registrationId })
      .first('identity', 'agrement');
    const sent = await apiClient(stack.apiUrl).post(
      '/api/departement/notifications',
      {
        reference: `PMI-NAV-CLO-${Date.now().toString(36)}`,
        kind: 'withdrawal',
        reason: 'avis_commission',
        agrementNumber: registration.agrement.number,
        birthName: registration.identity.birthName,
        birthDate: '1985-03-14',
        effectiveDate: new Date().toISOString(),
      },
      await sessionFor(stack.db, agent),
    );
    expect(sent.status).toBe(201);
    await waitFor('son dossier fermé', 20_000, async () => {
      const row = await stack
        .db('cases')
        .where({ registration_id: withdrawn.registrationId })
        .first('status');
      if (row.status !== 'closed') throw new Error(`encore ${row.status}`);
    });
    // The other's agrément reached its last day yesterday, without a renewal.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await stack
      .db('registrations')
      .whereIn('id', [expired.registrationId, waiting.registrationId])
      .update({
        agrement: stack.db.raw(`agrement || jsonb_build_object('expiryDate', ?::text)`, [yesterday]),
      });

    // Hers: closed, why, and her data still hers to download.
    const hers = await pageAs(withdrawn.owner);
    await hers.goto(`${ui.url}/mon-dossier`);
    await expectVisible(hers.getByText('Dossier fermé'));
    await expectVisible(
      hers.getByText(/^Votre agrément a été retiré par le département\. Votre dossier est fermé/),
    );
    await expectVisible(hers.getByRole('link', { name: 'Télécharger mes données' }));
    await expectAccessible(hers);
    await hers.close();

    // The CAF: among the closed cases, and on its page, the reason.
    const caf = await pageAs(moderator);
    await caf.goto(`${ui.url}/moderation?statuses=closed`);
    const row = caf.getByRole('row').filter({ hasText: 'Dossier fermé' });
    await expectVisible(row);
    expect(await row.count()).toBe(1);
    await expectAccessible(caf);
    await row.getByRole('link').first().click();
    await expectVisible(caf.getByRole('heading', { name: 'Dossier fermé' }));
    await expectVisible(
      caf.getByText(/^Agrément retiré par le département\. Le dossier est fermé pour de bon/),
    );
    // Her change, closed with it: shown as such, with nothing to decide, and on the timeline.
    await expectVisible(caf.getByRole('heading', { name: 'Modification close avec le dossier' }));
    await expectVisible(caf.getByText(/elle a quitté la file avec lui et n’est plus à décider/));
    await expectVisible(
      caf.getByText(/la modification en attente \(Agrément\) est close avec lui, sans décision/),
    );
    expect(await caf.getByRole('heading', { name: 'Modification proposée, à vérifier' }).count()).toBe(0);
    expect(await caf.getByRole('button', { name: /Valider/ }).count()).toBe(0);
    expect(await caf.getByText(/^À traiter avant/).count()).toBe(0);
    await expectAccessible(caf);

    // The CAF's queue: with no status chosen, the status choice says what the agrément filter shows,
    // as soon as it is chosen, then in the list it sends for.
    await caf.goto(`${ui.url}/moderation`);
    await expectAccessible(caf);
    const statusChoice = async () =>
      (await caf.locator('#filter-statuses option:checked').textContent())?.trim();
    expect(await statusChoice()).toBe('En attente de décision');
    await caf.getByLabel('Agrément', { exact: true }).selectOption('expired');
    await waitFor('le statut selon l’agrément choisi', 10_000, async () => {
      expect(await statusChoice()).toBe(VALIDATED);
    });
    // Filtered on expired agréments through its count: the validated one, not the one waiting.
    await caf.goto(`${ui.url}/moderation`);
    await caf.getByRole('link', { name: 'Agrément expiré : 1' }).click();
    await caf.waitForURL(/agrement=expired/);
    const expiredRows = caf.getByRole('row').filter({ hasText: 'Agrément expiré' });
    await expectVisible(expiredRows);
    expect(await expiredRows.count()).toBe(1);
    expect(await statusChoice()).toBe(VALIDATED);
    expect(await expiredRows.getByText('Inscription validée').count()).toBe(1);
    // The one waiting for a decision, when that status is chosen with the same filter.
    await caf.getByLabel('Statut', { exact: true }).selectOption('in_moderation');
    await caf.getByRole('button', { name: 'Filtrer' }).click();
    await caf.waitForURL(/statuses=in_moderation/);
    await expectVisible(caf.getByRole('row').filter({ hasText: 'Agrément expiré' }).getByText('À examiner'));
    expect(await caf.getByRole('row').filter({ hasText: 'Agrément expiré' }).count()).toBe(1);
    await caf.goto(`${ui.url}/moderation?agrement=expired`);
    expect(await caf.getByRole('link', { name: /^Agrément expiré/ }).getAttribute('aria-current')).toBe(
      'true',
    );
    expect(await caf.getByLabel('Agrément', { exact: true }).inputValue()).toBe('expired');
    await expectAccessible(caf);
    await caf.close();

    // Her département's list, the same filter.
    const dep = await pageAs(agent);
    await dep.goto(`${ui.url}/departement/assistantes-maternelles`);
    await expectVisible(dep.getByRole('cell', { name: 'Dossier fermé' }));
    // Hers lists every registration of her département, the one still waiting for the CAF too.
    await dep.getByRole('link', { name: 'Agrément expiré : 2' }).click();
    await dep.waitForURL(/agrement=expired/);
    await expectVisible(dep.getByRole('cell', { name: 'Expiré' }));
    expect(await dep.getByRole('row').count()).toBe(3);
    await expectAccessible(dep);
    await dep.close();
  });
});
