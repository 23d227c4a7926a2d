/**
 * The demo data for parents (`npm start`): enough published childminders around real communes for a
 * search to mean something, each able to sign in and with her lifecycle running; seeding twice
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../stack/demo-account-list.ts';
import { seedDemoProfiles } from '../../stack/demo-profiles.ts';
import { DEMO_RELAY_ID, seedDemoConsents, seedDemoRelays } from '../../stack/demo-relays.ts';
import { childminderWorkflowId } from '../../workflows/childminder.ts';
import { apiClient } from '../support/api-client.ts';
import { setUpFile, type FileStack } from '../support/stack.ts';

let stack: FileStack;
let api: ReturnType<typeof apiClient>;
let seeded: Record<string, number>;

beforeAll(async () => {
  stack = await setUpFile('api-demo-profiles', { api: true });
  api = apiClient(stack.apiUrl);
  seeded = await seedDemoProfiles(stack.db, stack.deps.keys, stack.temporal, stack.taskQueue);
});
afterAll(() => stack?.teardown());

describe('demo childminders', () => {
  it('make a search around Lyon, Paris, Bordeaux and Rennes meaningful', async () => {
    expect(Object.keys(seeded).sort()).toEqual(['bordeaux', 'lyon', 'paris', 'rennes']);
    const lyon = (await api.get('/api/public/search?commune=69383&rayon=10')).body;
    expect(lyon.items.length).toBe(20);
    expect(new Set(lyon.items.map((i: { commune: string }) => i.commune)).size).toBeGreaterThan(3);
    expect(lyon.items.some((i: { rank: number }) => i.rank === 0)).toBe(true);
    const paris = (await api.get('/api/public/search?commune=75111&rayon=5&age=under3')).body;
    expect(paris.items.length).toBeGreaterThan(3);
    const rennes = (await api.get('/api/public/search?commune=35238&rayon=10')).body;
    expect(rennes.items.map((i: { rank: number }) => i.rank)).toContain(2);
  });

  it('can sign in and have their lifecycle running; seeding again adds no one', async () => {
    expect(
      (
        await api.post('/api/auth/login', {
          email: 'am.lyon.0@demo.registre-assmat.fr',
          password: DEMO_PASSWORD,
        })
      ).status,
    ).toBe(200);
    const row = await stack
      .db('users as u')
      .join('registrations as r', 'r.user_id', 'u.id')
      .where('u.email', 'am.lyon.0@demo.registre-assmat.fr')
      .first('r.id');
    const description = await stack.temporal.workflow.getHandle(childminderWorkflowId(row.id)).describe();
    expect(description.status.name).toBe('RUNNING');
    const before = await stack.db('search_profiles').count<[{ count: string }]>('* as count');
    await seedDemoProfiles(stack.db, stack.deps.keys, stack.temporal, stack.taskQueue);
    expect(await stack.db('search_profiles').count('* as count')).toEqual(before);
  });

  it('have relays of their communes, and two in Lyon (one overdue) let the Lyon relay help them', async () => {
    await seedDemoRelays(stack.db);
    await seedDemoConsents(stack.db);
    await seedDemoRelays(stack.db); // a second start refreshes them
    await seedDemoConsents(stack.db);
    const lyon = (await api.get('/api/public/search?commune=69383&rayon=0')).body.items[0];
    const page = (await api.get(`/api/public/childminders/${lyon.id}`)).body;
    expect(page.relays.map((r: { name: string }) => r.name)).toContain('Relais petite enfance Lyon Est');
    const consents = await stack
      .db('relay_consents as c')
      .join('declaration_status as d', 'd.registration_id', 'c.registration_id')
      .where({ relay_id: DEMO_RELAY_ID })
      .whereNull('withdrawn_at')
      .select('d.overdue_deadline');
    expect(consents).toHaveLength(2);
    expect(consents.filter((c) => c.overdue_deadline !== null)).toHaveLength(1);
  });
});
