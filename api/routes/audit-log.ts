/**
 * The audit journal, searched by supervisors and the data-protection officer (DPO): by case, by the
 * person who acted (her email) and by period, newest first, 50 lines a page (keyset on `seq`). The
 * DPO, whose role is nationwide, and a national supervisor see every line; a
 * regional one the lines about the cases now in her offices (the case itself or one of its copies)
 * and about her offices: accounts, routing and relays are not tied to an office in the log, so only
 * national supervisors see them.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { normalizeEmail } from '../../domain/accounts.ts';
import { auditActionLabel } from '../../domain/audit-actions.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { parse } from '../problem.ts';
import { auditJournalView } from '../views/audit.ts';
import { type View } from '../views/common.ts';

const PAGE = 50;

export const auditSearchSchema = z
  .object({
    case: z.uuid({ error: 'Indiquez l’identifiant complet du dossier.' }).optional(),
    actor: z.email({ error: 'Indiquez une adresse électronique.' }).max(254).optional(),
    from: z.iso.date({ error: 'Indiquez une date.' }).optional(),
    to: z.iso.date({ error: 'Indiquez une date.' }).optional(),
    before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    path: ['to'],
    error: 'La fin de la période doit suivre son début.',
  });

/** Lines about some cases (a query of their `registration_id`): the case itself, and its copies. */
function aboutCases(db: Knex, q: Knex.QueryBuilder, registrations: () => Knex.QueryBuilder) {
  const ids = () => db.from(registrations().as('r'));
  return q.where((w) =>
    w
      .where((c) =>
        c
          .where('a.target_type', 'registration')
          .whereIn('a.target_id', ids().select(db.raw('r.registration_id::text'))),
      )
      .orWhere((d) =>
        d
          .where('a.target_type', 'document')
          .whereIn(
            'a.target_id',
            db('documents')
              .whereIn('registration_id', ids().select('r.registration_id'))
              .select(db.raw('id::text')),
          ),
      ),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function auditLogRoutes(deps: ApiDeps) {
  const router = newRouter('/api/supervision/audit');
  const { db } = deps;
  router.use(requireRole('supervisor', 'data_protection'));

  router.get('/', async (ctx) => {
    const { user, actor } = signedIn(ctx);
    const national = user.national || user.role === 'data_protection';
    const query = parse(auditSearchSchema, ctx.query);
    const lines = db('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .orderBy('a.seq', 'desc')
      .limit(PAGE + 1)
      .select('a.seq', 'a.at', 'a.action', 'a.actor_role', 'a.target_type', 'a.target_id', 'a.detail')
      .select('u.display_name', 'u.email');
    if (query.before) lines.where('a.seq', '<', query.before);
    const caseId = query.case;
    if (caseId) aboutCases(db, lines, () => db.select(db.raw('?::uuid as registration_id', [caseId])));
    if (query.actor) lines.where('u.email_normalized', normalizeEmail(query.actor));
    if (query.from)
      lines.where('a.at', '>=', db.raw(`(?::date)::timestamp at time zone 'Europe/Paris'`, [query.from]));
    if (query.to)
      lines.where('a.at', '<', db.raw(`(?::date + 1)::timestamp at time zone 'Europe/Paris'`, [query.to]));
    if (!national)
      lines.where((scope) =>
        aboutCases(db, scope, () =>
          db('cases').whereIn('office_id', actor.officeIds).select('registration_id'),
        ).orWhere((o) => o.where('a.target_type', 'office').whereIn('a.target_id', actor.officeIds)),
      );
    const rows = await lines;
    const page = rows.slice(0, PAGE);
    const documents = page
      .filter((r) => r.target_type === 'document' && UUID.test(r.target_id))
      .map((r) => r.target_id as string);
    const caseOfDocument = new Map<string, string>(
      documents.length
        ? (
            await db('documents')
              .whereIn('id', documents)
              .select(db.raw('id::text as id'), db.raw('registration_id::text as registration'))
          ).map((d: { id: string; registration: string }) => [d.id, d.registration])
        : [],
    );
    ctx.body = {
      items: page.map((r) => ({
        seq: Number(r.seq),
        at: r.at as Date,
        action: r.action as string,
        label: auditActionLabel(r.action),
        actor: r.email
          ? { name: r.display_name ?? null, email: r.email as string, role: r.actor_role ?? null }
          : null,
        target: { type: r.target_type as string, id: r.target_id as string },
        caseId:
          r.target_type === 'registration'
            ? (r.target_id as string)
            : r.target_type === 'document'
              ? (caseOfDocument.get(r.target_id) ?? null)
              : null,
        detail: r.detail as Record<string, unknown>,
      })),
      nextBefore: rows.length > PAGE ? Number(page[page.length - 1]!.seq) : null,
      national,
    } satisfies View<typeof auditJournalView>;
  });

  return router;
}
