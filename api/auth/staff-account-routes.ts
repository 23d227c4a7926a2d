/**
 * Staff accounts, managed by supervisors within the offices they oversee (a national supervisor:
 * all, and the data-protection officers): the list, invitations by email (the invitee sets her password and second factor), resending
 * an invitation, deactivation. Accounts outside her offices answer 404, as if they did not exist.
 */
import {
  managesStaff,
  normalizeEmail,
  staffInvitationSchema,
  type StaffScope,
} from '../../domain/accounts.ts';
import type { Knex } from 'knex';
import type { Role } from '../../domain/case-rules.ts';
import { audit } from '../audit.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { cancelLinks, issueLink } from './links.ts';
import { queueAccountMail } from './mails.ts';
import { requireRole, signedIn } from './middleware.ts';
import { endSessions } from './sessions.ts';
import { newTotpSecret, sealTotpSecret } from './totp.ts';
import {
  staffAccountListView,
  staffAccountView,
  staffInvitedView,
  staffStatusView,
} from '../views/accounts.ts';
import { type View } from '../views/common.ts';

interface StaffRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  national: boolean;
  office_id: string | null;
  supervised: string[] | null;
  password_hash: string | null;
  deactivated_at: Date | null;
  created_at: Date;
  last_login_at: Date | null;
}

const scopeOf = (row: StaffRow): StaffScope => ({
  role: row.role,
  national: row.national,
  officeIds: row.office_id ? [row.office_id] : (row.supervised ?? []),
});

const statusOf = (row: StaffRow): 'active' | 'invited' | 'deactivated' =>
  row.deactivated_at ? 'deactivated' : row.password_hash === null ? 'invited' : 'active';

/** A staff account as the supervisor's pages show it. */
function itemOf(row: StaffRow, managerId: string, officeNames: Map<string, string>) {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    national: row.national,
    offices: scopeOf(row).officeIds.map((id) => ({ id, name: officeNames.get(id) ?? id })),
    status: statusOf(row),
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    self: row.id === managerId,
  };
}

/** The routes under /api/staff/accounts (supervisors). */
export function staffAccountRoutes(deps: ApiDeps) {
  const router = newRouter('/api/staff/accounts');
  const { db } = deps;
  router.use(requireRole('supervisor'));

  const staffQuery = () =>
    db('users as u')
      .whereIn('u.role', ['moderator', 'supervisor', 'data_protection'])
      .select(
        'u.id',
        'u.email',
        'u.display_name',
        'u.role',
        'u.national',
        'u.office_id',
        'u.password_hash',
        'u.deactivated_at',
        'u.created_at',
        'u.last_login_at',
        db.raw(
          '(select array_agg(so.office_id order by so.office_id) from supervisor_offices so where so.user_id = u.id) as supervised',
        ),
      );

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

  router.get('/', async (ctx) => {
    const manager = managerScope(ctx);
    const rows: StaffRow[] = await staffQuery().orderBy(['u.role', 'u.display_name']);
    const offices = await db('offices').whereIn('id', manager.officeIds).orderBy('name').select('id', 'name');
    const names = await officeNames();
    ctx.body = {
      national: manager.national,
      offices,
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
    const officeIds = input.national ? [] : [...new Set(input.officeIds)];
    const known = await db('offices').whereIn('id', officeIds).pluck('id');
    if (known.length !== officeIds.length)
      throw new Problem(422, 'invalid_input', 'Certains champs sont à corriger.', [
        { path: 'officeIds', message: 'Cette CAF n’existe pas.' },
      ]);
    if (!managesStaff(manager, { role: input.role, national: input.national, officeIds })) {
      throw new Problem(
        403,
        'office_not_overseen',
        'Vous ne pouvez inviter des agents que dans les CAF que vous supervisez.',
        [
          {
            path: input.national ? 'national' : 'officeIds',
            message: 'Choisissez parmi les CAF que vous supervisez.',
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
        { role: input.role, national: input.national, officeIds },
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
