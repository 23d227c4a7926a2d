/**
 * Relays as supervisors manage them: the relays of the départements whose CAF they oversee (a
 * national supervisor: all), created and edited with the communes they cover, and their agents
 * invited like CAF staff (password and the same second factor). Another département's relay: 404.
 */
import { z } from 'zod';
import { displayNameSchema, emailSchema, normalizeEmail } from '../../domain/accounts.ts';
import { departementOfCommune } from '../../domain/geography.ts';
import { officeDepartement, officeIdForDepartement } from '../../domain/offices.ts';
import { relaySchema, type RelayInput } from '../../domain/relays.ts';
import { audit } from '../audit.ts';
import { issueLink } from '../auth/links.ts';
import { queueAccountMail } from '../auth/mails.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newTotpSecret, sealTotpSecret } from '../auth/totp.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { relayRecord, relayRecords } from '../relays/records.ts';
import { type View } from '../views/common.ts';
import { relayAgentInvitedView, relayListView, relaySavedView } from '../views/relays.ts';
import type { Db } from '../../infra/db.ts';

export const relayAgentSchema = z.object({ displayName: displayNameSchema, email: emailSchema });

const invalidCommunes = (message: string) =>
  new Problem(422, 'invalid_input', 'Certains champs sont à corriger.', [{ path: 'communeCodes', message }]);

/** The relay's département: that of its communes, which must exist, be one, and be overseen by her. */
async function departementOf(db: Db, ctx: AppContext, input: RelayInput): Promise<string> {
  const codes = [...new Set(input.communeCodes)];
  const known = await db('communes').whereIn('code', codes).pluck('code');
  if (known.length !== codes.length)
    throw invalidCommunes('Cette commune est inconnue : choisissez-la dans la liste.');
  const departements = new Set(codes.map(departementOfCommune));
  if (departements.size !== 1) throw invalidCommunes('Un relais couvre des communes d’un seul département.');
  const [departement] = [...departements] as [string];
  if (!signedIn(ctx).actor.officeIds.includes(officeIdForDepartement(departement)))
    throw new Problem(
      403,
      'office_not_overseen',
      'Vous ne gérez que les relais des départements dont vous supervisez la CAF.',
      [{ path: 'communeCodes', message: 'Choisissez des communes d’un département que vous supervisez.' }],
    );
  return departement;
}

export function relaySupervisionRoutes(deps: ApiDeps) {
  const router = newRouter('/api/supervision/relays');
  const { db } = deps;
  router.use(requireRole('supervisor'));

  const overseen = (ctx: AppContext) =>
    new Set(
      signedIn(ctx)
        .actor.officeIds.map(officeDepartement)
        .filter((d): d is string => d !== null),
    );

  /** A relay she manages, or 404. */
  async function managedRelay(ctx: AppContext) {
    const relay = await relayRecord(db, String(ctx.params.id));
    if (!relay || !overseen(ctx).has(relay.departement)) throw notFound();
    return relay;
  }

  async function saveCommunes(trx: Db, relayId: string, codes: string[]) {
    await trx('relay_communes').where({ relay_id: relayId }).delete();
    await trx('relay_communes').insert(
      [...new Set(codes)].map((code) => ({ relay_id: relayId, commune_code: code })),
    );
  }

  const columns = (input: RelayInput) => ({
    name: input.name,
    address: input.address,
    postal_code: input.postalCode,
    city: input.city,
    phone: input.phone,
    email: input.email,
  });

  router.get('/', async (ctx) => {
    const departements = [...overseen(ctx)];
    const relays = await relayRecords(db, (q) => q.whereIn('r.departement', departements));
    const agents = await db('users')
      .where({ role: 'relay' })
      .whereIn(
        'relay_id',
        relays.map((r) => r.id),
      )
      .orderBy('display_name')
      .select('id', 'relay_id', 'display_name', 'email', 'password_hash', 'deactivated_at');
    ctx.body = {
      items: relays.map((relay) => ({
        ...relay,
        agents: agents
          .filter((a) => a.relay_id === relay.id)
          .map((a) => ({
            id: a.id,
            displayName: a.display_name,
            email: a.email,
            status: a.deactivated_at ? 'deactivated' : a.password_hash === null ? 'invited' : 'active',
          })),
      })),
    } satisfies View<typeof relayListView>;
  });

  router.post('/', async (ctx) => {
    const input = parse(relaySchema, ctx.request.body);
    const departement = await departementOf(db, ctx, input);
    const id = await db.transaction(async (trx) => {
      const [row] = await trx('relays')
        .insert({ ...columns(input), departement })
        .returning('id');
      await saveCommunes(trx, row.id, input.communeCodes);
      await audit(
        trx,
        signedIn(ctx).actor,
        'relay.created',
        { type: 'relay', id: row.id },
        { communeCodes: input.communeCodes },
      );
      return row.id as string;
    });
    ctx.status = 201;
    ctx.body = { id } satisfies View<typeof relaySavedView>;
  });

  router.put('/:id', async (ctx) => {
    const relay = await managedRelay(ctx);
    const input = parse(relaySchema, ctx.request.body);
    const departement = await departementOf(db, ctx, input);
    await db.transaction(async (trx) => {
      await trx('relays')
        .where({ id: relay.id })
        .update({ ...columns(input), departement, updated_at: trx.fn.now() });
      await saveCommunes(trx, relay.id, input.communeCodes);
      await audit(
        trx,
        signedIn(ctx).actor,
        'relay.updated',
        { type: 'relay', id: relay.id },
        { communeCodes: input.communeCodes },
      );
    });
    ctx.body = { id: relay.id } satisfies View<typeof relaySavedView>;
  });

  router.post('/:id/agents', async (ctx) => {
    const relay = await managedRelay(ctx);
    const input = parse(relayAgentSchema, ctx.request.body);
    const email = normalizeEmail(input.email);
    if (await db('users').where({ email_normalized: email }).first('id'))
      throw new Problem(409, 'email_taken', 'Un compte existe déjà avec cette adresse.', [
        { path: 'email', message: 'Un compte existe déjà avec cette adresse.' },
      ]);
    const { user, actor } = signedIn(ctx);
    const row = await db.transaction(async (trx) => {
      const [invited] = await trx('users')
        .insert({
          email: input.email,
          email_normalized: email,
          password_hash: null,
          role: 'relay',
          relay_id: relay.id,
          display_name: input.displayName,
          totp_secret: sealTotpSecret(deps.keys, newTotpSecret()),
          invited_by: user.id,
        })
        .returning('id');
      const link = await issueLink(trx, invited.id, 'invitation');
      await queueAccountMail(trx, input.email, {
        kind: 'invitation',
        link: `${deps.publicUrl}/invitation/${link}`,
        role: 'relay',
        invitedBy: user.displayName,
      });
      await audit(
        trx,
        actor,
        'staff.invited',
        { type: 'user', id: invited.id },
        { role: 'relay', relayId: relay.id },
      );
      return invited as { id: string };
    });
    ctx.status = 201;
    ctx.body = { id: row.id, status: 'invited' } satisfies View<typeof relayAgentInvitedView>;
  });

  return router;
}
