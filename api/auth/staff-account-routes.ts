/**
 * Staff accounts, managed by supervisors within the offices they oversee (a national supervisor:
 * all, and the data-protection officers): the list, invitations by email (the invitee sets her password and second factor), resending
 * an invitation, deactivation. Accounts outside her offices answer 404, as if they did not exist.
 * A département agent belongs to her département, not to an office: she counts as of the office
 * the routing table sends her département to, the pivot CAF that works with her PMI service.
 */
import {
  managesStaff,
  normalizeEmail,
  staffInvitationSchema,
  type StaffInvitation,
  type StaffScope,
} from '../../domain/accounts.ts';
import type { Knex } from 'knex';
import { audit } from '../audit.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { cancelLinks, issueLink } from './links.ts';
import { queueAccountMail } from './mails.ts';
import { requireRole, signedIn } from './middleware.ts';
import { itemOf, scopeOf, staffAccounts, statusOf, type StaffRow } from './staff-records.ts';
import { endSessions } from './sessions.ts';
import { newTotpSecret, sealTotpSecret } from './totp.ts';
import {
  staffAccountListView,
  staffAccountView,
  staffInvitedView,
  staffStatusView,
} from '../views/accounts.ts';
import { type View } from '../views/common.ts';

/** The routes under /api/staff/accounts (supervisors). */
export function staffAccountRoutes(deps: ApiDeps) {
  const router = newRouter('/api/staff/accounts');
  const { db } = deps;
  router.use(requireRole('supervisor'));

  const staffQuery = () => staffAccounts(db);

  const officeNames = async () =>
    new Map<string, string>(
      (await db('offices').select('id', 'name')).map((o: { id: string; name: string }) => [o.id, o.name]),
    );

  function managerScope(ctx: AppContext): StaffScope & { userId: string } {
    const { user, actor } = signedIn(ctx);
    return { userId: user.id, role: user.role, national: user.national, officeIds: actor.officeIds };
  }

  /** A staff account she manages, or 404. */
  async function managedAccount(ctx: AppContext): Promise<StaffRow> {
    const id = String(ctx.params.id);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
    const row: StaffRow | undefined = await staffQuery().where('u.id', id).first();
    if (!row || !managesStaff(managerScope(ctx), scopeOf(row))) throw notFound();
    return row;
  }

  /** Its link and email (through the outbox), in the caller's transaction. */
  async function sendInvitation(
    trx: Knex.Transaction,
    ctx: AppContext,
    row: Pick<StaffRow, 'id' | 'email' | 'role'>,
  ) {
    const link = await issueLink(trx, row.id, 'invitation');
    await queueAccountMail(trx, row.email, {
      kind: 'invitation',
      link: `${deps.publicUrl}/invitation/${link}`,
      role: row.role,
      invitedBy: signedIn(ctx).user.displayName,
    });
  }

  const invalid = (path: string, message: string) =>
    new Problem(422, 'invalid_input', 'Certains champs sont à corriger.', [{ path, message }]);

  /** The offices the invitation is for: hers, or that of the département an agent will serve. */
  async function invitedOffices(input: StaffInvitation): Promise<string[]> {
    if (input.role === 'departement_agent') {
      const departement = await db('departements').where({ code: input.departementCode }).first('code');
      if (!departement) throw invalid('departementCode', 'Ce département n’existe pas.');
      return db('routing').where({ departement_code: departement.code }).pluck('office_id');
    }
    const officeIds = input.national ? [] : [...new Set(input.officeIds)];
    const known = await db('offices').whereIn('id', officeIds).pluck('id');
    if (known.length !== officeIds.length) throw invalid('officeIds', 'Cette CAF n’existe pas.');
    return officeIds;
  }

  router.get('/', async (ctx) => {
    const manager = managerScope(ctx);
    const rows: StaffRow[] = await staffQuery().orderBy(['u.role', 'u.display_name']);
    const offices = await db('offices').whereIn('id', manager.officeIds).orderBy('name').select('id', 'name');
    const names = await officeNames();
    const departements = await db('departements as d')
      .modify((q) => {
        if (!manager.national)
          q.join('routing as rt', 'rt.departement_code', 'd.code').whereIn('rt.office_id', manager.officeIds);
      })
      .orderBy('d.code')
      .select('d.code', 'd.name');
    ctx.body = {
      national: manager.national,
      offices,
      departements,
      items: rows
        .filter((row) => managesStaff(manager, scopeOf(row)))
        .map((row) => itemOf(row, manager.userId, names)),
    } satisfies View<typeof staffAccountListView>;
  });

  router.get('/:id', async (ctx) => {
    const row = await managedAccount(ctx);
    ctx.body = itemOf(row, signedIn(ctx).user.id, await officeNames()) satisfies View<
      typeof staffAccountView
    >;
  });

  router.post('/', async (ctx) => {
    const manager = managerScope(ctx);
    const input = parse(staffInvitationSchema, ctx.request.body);
    const officeIds = await invitedOffices(input);
    if (!managesStaff(manager, { role: input.role, national: input.national, officeIds })) {
      const agent = input.role === 'departement_agent';
      throw new Problem(
        403,
        agent ? 'departement_not_overseen' : 'office_not_overseen',
        agent
          ? 'Vous ne pouvez inviter des agents que pour les départements des CAF que vous supervisez.'
          : 'Vous ne pouvez inviter des agents que dans les CAF que vous supervisez.',
        [
          {
            path: agent ? 'departementCode' : input.national ? 'national' : 'officeIds',
            message: agent
              ? 'Choisissez un département routé vers une CAF que vous supervisez.'
              : 'Choisissez parmi les CAF que vous supervisez.',
          },
        ],
      );
    }
    const email = normalizeEmail(input.email);
    if (await db('users').where({ email_normalized: email }).first('id')) {
      throw new Problem(409, 'email_taken', 'Un compte existe déjà avec cette adresse.', [
        { path: 'email', message: 'Un compte existe déjà avec cette adresse.' },
      ]);
    }
    const id = await db.transaction(async (trx) => {
      const [row] = await trx('users')
        .insert({
          email: input.email,
          email_normalized: email,
          password_hash: null,
          role: input.role,
          office_id: input.role === 'moderator' ? officeIds[0] : null,
          departement_code: input.role === 'departement_agent' ? input.departementCode : null,
          national: input.national,
          display_name: input.displayName,
          totp_secret: sealTotpSecret(deps.keys, newTotpSecret()),
          invited_by: manager.userId,
        })
        .returning('id');
      if (input.role === 'supervisor' && officeIds.length > 0)
        await trx('supervisor_offices').insert(
          officeIds.map((office) => ({ user_id: row.id, office_id: office })),
        );
      await sendInvitation(trx, ctx, { id: row.id, email: input.email, role: input.role });
      await audit(
        trx,
        signedIn(ctx).actor,
        'staff.invited',
        { type: 'user', id: row.id },
        {
          role: input.role,
          national: input.national,
          officeIds,
          ...(input.role === 'departement_agent' ? { departementCode: input.departementCode } : {}),
        },
      );
      return row.id as string;
    });
    ctx.status = 201;
    ctx.body = { id, status: 'invited' } satisfies View<typeof staffInvitedView>;
  });

  router.post('/:id/invitation', async (ctx) => {
    const row = await managedAccount(ctx);
    if (statusOf(row) !== 'invited')
      throw new Problem(
        409,
        'invitation_not_pending',
        'Ce compte n’attend plus d’invitation : il est déjà activé ou désactivé.',
      );
    // A new secret: whoever saw the previous link cannot use what it showed.
    await db.transaction(async (trx) => {
      await trx('users')
        .where({ id: row.id })
        .update({ totp_secret: sealTotpSecret(deps.keys, newTotpSecret()) });
      await sendInvitation(trx, ctx, row);
      await audit(trx, signedIn(ctx).actor, 'staff.invitation_resent', { type: 'user', id: row.id });
    });
    ctx.status = 202;
    ctx.body = { status: 'invited' } satisfies View<typeof staffStatusView>;
  });

  router.post('/:id/deactivate', async (ctx) => {
    const row = await managedAccount(ctx);
    if (row.id === signedIn(ctx).user.id)
      throw new Problem(409, 'cannot_deactivate_self', 'Vous ne pouvez pas désactiver votre propre compte.');
    if (row.deactivated_at) throw new Problem(409, 'already_deactivated', 'Ce compte est déjà désactivé.');
    await db.transaction(async (trx) => {
      await trx('users').where({ id: row.id }).update({ deactivated_at: trx.fn.now() });
      const ended = await endSessions(trx, row.id);
      await cancelLinks(trx, row.id);
      await trx('login_challenges').where({ user_id: row.id }).delete();
      await audit(
        trx,
        signedIn(ctx).actor,
        'staff.deactivated',
        { type: 'user', id: row.id },
        { endedSessions: ended },
      );
    });
    ctx.body = { status: 'deactivated' } satisfies View<typeof staffStatusView>;
  });

  return router;
}
