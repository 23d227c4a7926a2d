/**
 * A département agent in a browser, on the real stack: her list of childminders who have not
 * declared (figures, the GET filters, the export), the referral to the commission recorded from it;
 * then the pivot CAF's moderator and the childminder herself read it on the case's timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSED_DECLARATIONS_CSV_HEADER } from '../../domain/missed-declarations.ts';
import {
  BROWSER_TEST_TIMEOUT,
  expectAccessible,
  expectVisible,
  signedInPage,
  startBrowserStack,
  type BrowserStack,
  type RunningUi,
} from '../support/browser.ts';
import { createUser } from '../support/fixtures.ts';
import { childminderWhoMissed } from '../support/missed-declarations.ts';
import { insertRelay } from '../support/relays.ts';
import { LYON_3, VILLEURBANNE } from '../support/search.ts';
import type { FileStack } from '../support/stack.ts';

let stack: FileStack;
let ui: RunningUi;
let suite: BrowserStack;

beforeAll(async () => {
  suite = await startBrowserStack('browser-missed-declarations');
  ({ stack, ui } = suite);
});
afterAll(() => suite?.close());

const pageAs = (user: Parameters<typeof signedInPage>[1]) => signedInPage(suite, user);

describe('missed declarations in a browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  it('the agent lists, filters, exports and records a referral; the CAF and she read it', async () => {
    // Past the default delay (30 days): three misses in a row in Lyon, a first one in Villeurbanne.
    const repeated = await childminderWhoMissed(stack.db, { commune: LYON_3, misses: 3, daysAgo: 45 });
    const first = await childminderWhoMissed(stack.db, { commune: VILLEURBANNE, misses: 1, daysAgo: 40 });
    const relay = await insertRelay(stack.db, { communeCodes: ['69123'], name: 'Relais Lyon Centre' });
    const agent = await createUser(stack.db, {
      role: 'departement_agent',
      departementCode: '69',
      name: 'Agente PMI',
    });
    const page = await pageAs(agent);

    await page.goto(`${ui.url}/departement`);
    await page.getByRole('link', { name: 'Déclarations manquantes' }).first().click();
    await expectVisible(
      page.getByRole('heading', { name: 'Assistantes maternelles sans déclaration de disponibilités' }),
    );
    await expectVisible(page.getByText('30 jours après l’échéance manquée', { exact: false }));
    expect(await page.locator('.figures li').allTextContents()).toEqual([
      '2 sans déclaration',
      '1 à un premier oubli (avertissement seulement)',
      '1 à des oublis répétés',
      '0 signalées à la commission',
    ]);
    const row = page.getByRole('row', { name: new RegExp(repeated.data.agrement.number) });
    expect(await row.textContent()).toMatch(/3 de suite.*Relais Lyon Centre.*04 00 00 00 00/);
    const firstRow = page.getByRole('row', { name: new RegExp(first.data.agrement.number) });
    expect(await firstRow.textContent()).toMatch(
      /Premier oubli.*Aucun relais connu.*Avertissement seulement/,
    );
    await expectAccessible(page);

    // The filters are a GET form: the address says them, the export link keeps them.
    await page.getByLabel('Commune ou code postal').fill('Villeurbanne');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/commune=Villeurbanne/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await expectVisible(page.getByRole('row', { name: new RegExp(first.data.agrement.number) }));
    await page.getByLabel('Commune ou code postal').fill('');
    await page.getByLabel('Échéances manquées de suite').selectOption('2');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/manquees=2/);
    const exportLink = page.getByRole('link', { name: 'Exporter (CSV)' });
    expect(await exportLink.getAttribute('href')).toBe(
      '/departement/declarations-manquantes/export.csv?manquees=2',
    );
    const csv = await page.request.get(`${ui.url}${await exportLink.getAttribute('href')}`);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    const text = (await csv.body()).toString('utf8');
    expect(text.startsWith('\uFEFF"Nom";')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(
      `\uFEFF${MISSED_DECLARATIONS_CSV_HEADER.map((h) => `"${h}"`).join(';')}`,
    );
    expect(text).toContain(repeated.data.agrement.number);
    expect(text).not.toContain(first.data.agrement.number);

    // The referral, from her row.
    await page.getByRole('link', { name: `Enregistrer la saisine pour ${repeated.name}` }).click();
    await expectVisible(
      page.getByRole('heading', { name: `Saisine de la commission pour ${repeated.name}` }),
    );
    await page.getByLabel('Note (facultative)').fill('Deux courriers sans réponse.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer la saisine' }).click();
    await expectVisible(page.getByText('Saisine de la commission enregistrée'));
    expect(page.url()).toMatch(/manquees=2/);
    expect(
      await page.getByRole('row', { name: new RegExp(repeated.data.agrement.number) }).textContent(),
    ).toMatch(/Saisie le/);
    await expectAccessible(page);
    await page.close();

    // The pivot CAF's moderator reads it on her case, with the note; she reads it on hers, without.
    const moderator = await createUser(stack.db, { role: 'moderator', officeId: 'caf-69' });
    const staff = await pageAs(moderator);
    await staff.goto(`${ui.url}/moderation/dossiers/${repeated.id}`);
    await expectVisible(
      staff.getByText(/Commission départementale saisie le .*Note : Deux courriers sans réponse/),
    );
    await expectAccessible(staff);
    await staff.close();

    const owner = await stack.db('registrations').where({ id: repeated.id }).first('user_id');
    const hers = await pageAs({ id: owner.user_id, actor: { role: 'childminder' } });
    await hers.goto(`${ui.url}/mon-dossier`);
    await expectVisible(
      hers.getByText(
        /Le département a saisi la commission départementale .*votre agrément n’est ni suspendu ni retiré/,
      ),
    );
    expect(await hers.getByText('Deux courriers sans réponse').count()).toBe(0);
    await expectAccessible(hers);
    await hers.close();
    expect(relay.name).toBe('Relais Lyon Centre');
  });
});
