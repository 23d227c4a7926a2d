/**
 * The audit journal in a browser, on the real stack: a national supervisor finds a moderator's
 * reads of a case by the case, by the moderator's address and by the day, pages back to older lines,
 * and sees a refused filter explained next to its field; a regional supervisor is told what she sees;
 * the data-protection officer lands on the journal, sees every line, and reaches nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../api/audit.ts';
import {
  expectAccessible,
  expectVisible,
  BROWSER_TEST_TIMEOUT,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { createUser } from '../support/fixtures.ts';
import { seedProjectedCases } from '../support/moderation.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let suite: BrowserStack;
let caseId: string;
let moderator: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  suite = await startBrowserStack('browser-audit-journal');
  ({ stack, ui } = suite);
  const now = new Date();
  const [kase] = await seedProjectedCases(stack.db, [
    {
      status: 'in_moderation',
      officeId: 'caf-69',
      departement: '69',
      holderId: null,
      submittedAt: now,
      dueAt: now,
    },
  ]);
  caseId = kase!.registrationId;
  moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69', name: 'Inès Garnier' });
  for (let n = 0; n < 55; n++)
    await audit(stack.db, moderator.actor, 'case.viewed', { type: 'registration', id: caseId });
  await audit(
    stack.db,
    moderator.actor,
    'case.note_added',
    { type: 'registration', id: caseId },
    { noteId: 'x' },
  );
}, 180_000);
afterAll(() => suite?.close());

const pageAs = (user: Parameters<typeof signedInPage>[1]) => signedInPage(suite, user);

describe('the audit journal in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('finds a case’s lines by case, person and day, and pages back', async () => {
    const page = await pageAs(await createUser(stack.db, { role: 'supervisor' }));
    await page.goto(`${ui.url}/supervision`);
    await page.getByRole('link', { name: 'Journal d’audit' }).click();
    await page.waitForURL(/\/supervision\/journal$/);
    await expectAccessible(page);

    await page.getByLabel(/^Dossier/).fill(caseId);
    await page.getByLabel(/^Personne/).fill(moderator.email);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(new Date());
    await page.getByLabel('Du', { exact: true }).fill(today);
    await page.getByLabel('Au', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/case=/);
    await expectAccessible(page);
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(51); // the header and a page of 50
    expect(await rows.nth(1).textContent()).toContain('Note ajoutée au dossier');
    expect(await rows.nth(2).textContent()).toContain('Dossier consulté');
    expect(await rows.nth(2).textContent()).toContain('Inès Garnier');

    await page.getByRole('link', { name: 'Lignes plus anciennes' }).click();
    await page.waitForURL(/before=/);
    await expectAccessible(page);
    expect(await rows.count()).toBe(7);
    await expectVisible(page.getByRole('link', { name: 'Revenir aux plus récentes' }));
  });

  it('explains a refused filter next to its field, and tells a regional supervisor what she sees', async () => {
    const page = await pageAs(await createUser(stack.db, { role: 'supervisor', officeIds: ['caf-69'] }));
    await page.goto(`${ui.url}/supervision/journal?case=abc`);
    await expectAccessible(page);
    await expectVisible(page.getByText('Indiquez l’identifiant complet du dossier.').last());
    await page.goto(`${ui.url}/supervision/journal?case=${caseId}`);
    await expectVisible(page.getByText(/visibles des superviseurs nationaux seulement/));
    await expectAccessible(page);
    expect(await page.getByRole('table').getByRole('row').count()).toBe(51);
  });

  it('opens to the data-protection officer nationwide, and nothing else of the moderation', async () => {
    const page = await pageAs(await createUser(stack.db, { role: 'data_protection', name: 'Claire DPO' }));
    await page.goto(`${ui.url}/moderation`);
    await page.waitForURL(/\/supervision\/journal$/);
    await expectAccessible(page);
    expect(await page.getByText(/visibles des superviseurs nationaux seulement/).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Supervision' }).count()).toBe(0);
    // No case page for her: a line leads to the case's own lines.
    await page
      .getByRole('link', { name: /^Lignes de ce dossier/ })
      .first()
      .click();
    await page.waitForURL(new RegExp(`case=${caseId}`));
    await expectAccessible(page);
    expect(await page.getByRole('table').getByRole('row').count()).toBe(51);
    for (const path of ['/supervision', '/supervision/agents', `/moderation/dossiers/${caseId}`]) {
      await page.goto(`${ui.url}${path}`);
      await page.waitForURL(/\/supervision\/journal$/);
    }
  });
});
