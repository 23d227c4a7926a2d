/**
 * Supervision: dashboards per office and national, the routing table and offices' target times,
 * bulk reassignment. Supervisors only, and only for the offices they oversee: another office's
 * dashboard or reassignment answers 404, an edit of another office's routing 403.
 */
import { z } from 'zod';
import type { Actor } from '../../domain/case-rules.ts';
import { DEPARTEMENTS, departementCodeSchema, findDepartement } from '../../domain/geography.ts';
import { queueFilterSchema } from '../../domain/queue-filter.ts';
import {
  officeIdSchema,
  ROUTING_RULES,
  TARGET_WORKING_DAYS_RANGE,
  routingChangeViolation,
  targetChangeViolation,
} from '../../domain/routing.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { queueCounts, queuePage } from '../cases/queue-query.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { notFound, parse, Problem } from '../problem.ts';
import { dashboardOf } from '../supervision/dashboard.ts';
import {
  bulkReport,
  cancelBulkReassignment,
  listBulkReassignments,
  startBulkReassignment,
} from '../supervision/reassignments.ts';
import {
  bulkCancelView,
  bulkListView,
  bulkReportView,
  bulkStartedView,
  dashboardView,
  officeListView,
  officeTargetView,
  routingChangedView,
  routingChangesView,
  routingTableView,
  supervisionCasesView,
} from '../views/supervision.ts';
import { type View } from '../views/common.ts';

export const targetSchema = z.object({
  targetWorkingDays: z.coerce
    .number({ error: 'Indiquez un nombre de jours ouvrés.' })
    .int('Indiquez un nombre entier de jours ouvrés.')
    .min(TARGET_WORKING_DAYS_RANGE.min, `${TARGET_WORKING_DAYS_RANGE.min} jour ouvré au moins.`)
    .max(TARGET_WORKING_DAYS_RANGE.max, `${TARGET_WORKING_DAYS_RANGE.max} jours ouvrés au plus.`),
});
export const reassignmentPageSchema = z.object({
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const routingChangeSchema = z.object({ officeId: officeIdSchema });
export const routingChangesQuerySchema = z.object({
  departement: departementCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const dashboardQuerySchema = z.object({ office: officeIdSchema.optional() });

function refuseRouting(code: keyof typeof ROUTING_RULES | null, path: string): void {
  if (code === 'routing_unchanged')
    throw new Problem(422, code, ROUTING_RULES[code], [{ path, message: ROUTING_RULES[code] }]);
  if (code) throw new Problem(403, code, ROUTING_RULES[code]);
}

export function supervisionRoutes(deps: ApiDeps) {
  const router = newRouter('/api/supervision');
  const { db } = deps;
  router.use(requireRole('supervisor'));

  const routingChanges = (actorOffices: string[]) =>
    db('routing_changes as rc')
      .join('departements as d', 'd.code', 'rc.departement_code')
      .leftJoin('offices as f', 'f.id', 'rc.from_office_id')
      .join('offices as t', 't.id', 'rc.to_office_id')
      .leftJoin('users as u', 'u.id', 'rc.changed_by')
      .where((q) => q.whereIn('rc.to_office_id', actorOffices).orWhereIn('rc.from_office_id', actorOffices))
      .orderBy([
        { column: 'rc.changed_at', order: 'desc' },
        { column: 'rc.id', order: 'desc' },
      ])
      .select(
        'rc.id',
        'rc.departement_code as departement',
        'd.name as departementName',
        'rc.from_office_id as fromOfficeId',
        'f.name as fromOfficeName',
        'rc.to_office_id as toOfficeId',
        't.name as toOfficeName',
        'rc.changed_at as changedAt',
        'u.display_name as changedByName',
      );

  /** The offices, those she oversees marked so: she routes only between her own. */
  router.get('/offices', async (ctx) => {
    const { actor } = signedIn(ctx);
    const offices = await db('offices')
      .orderBy('name')
      .select('id', 'name', 'target_working_days as targetWorkingDays');
    ctx.body = offices.map((o) => ({ ...o, overseen: actor.officeIds.includes(o.id) })) satisfies View<
      typeof officeListView
    >;
  });

  router.put('/offices/:id', async (ctx) => {
    const { actor } = signedIn(ctx);
    const office = await db('offices')
      .where({ id: String(ctx.params.id) })
      .first('id', 'target_working_days');
    if (!office) throw notFound();
    refuseRouting(targetChangeViolation(actor, office.id), 'targetWorkingDays');
    const { targetWorkingDays } = parse(targetSchema, ctx.request.body);
    await db.transaction(async (trx) => {
      await trx('offices').where({ id: office.id }).update({ target_working_days: targetWorkingDays });
      await audit(
        trx,
        actor,
        'office.target_changed',
        { type: 'office', id: office.id },
        { from: office.target_working_days, to: targetWorkingDays },
      );
    });
    ctx.body = { id: office.id, targetWorkingDays } satisfies View<typeof officeTargetView>;
  });

  /** The whole table (every département has an office); she may edit the rows between her offices. */
  router.get('/routing', async (ctx) => {
    const { actor } = signedIn(ctx);
    const rows = await db('routing as rt')
      .join('offices as o', 'o.id', 'rt.office_id')
      .select(
        'rt.departement_code as code',
        'rt.office_id as officeId',
        'o.name as officeName',
        'rt.updated_at as updatedAt',
      );
    const byCode = new Map(rows.map((row) => [row.code, row]));
    ctx.body = DEPARTEMENTS.map((d) => {
      const row = byCode.get(d.code);
      return {
        code: d.code,
        name: d.name,
        officeId: row?.officeId ?? null,
        officeName: row?.officeName ?? null,
        updatedAt: row?.updatedAt ?? null,
        editable: !row || actor.officeIds.includes(row.officeId),
      };
    }) satisfies View<typeof routingTableView>;
  });

  router.get('/routing/changes', async (ctx) => {
    const { actor } = signedIn(ctx);
    const query = parse(routingChangesQuerySchema, ctx.query);
    const changes = routingChanges(actor.officeIds).limit(query.limit);
    if (query.departement) changes.where('rc.departement_code', query.departement);
    ctx.body = (await changes) satisfies View<typeof routingChangesView>;
  });

  /** Routes a département's new cases to another office; open cases stay (reassignment moves them). */
  router.put('/routing/:departement', async (ctx) => {
    const { actor } = signedIn(ctx);
    const departement = findDepartement(String(ctx.params.departement));
    if (!departement) throw notFound();
    const { officeId } = parse(routingChangeSchema, ctx.request.body);
    if (!(await db('offices').where({ id: officeId }).first('id')))
      throw new Problem(422, 'invalid_input', 'CAF inconnue.', [
        { path: 'officeId', message: 'CAF inconnue.' },
      ]);
    await db.transaction(async (trx) => {
      const current = await trx('routing')
        .where({ departement_code: departement.code })
        .forUpdate()
        .first('office_id');
      const from: string | null = current?.office_id ?? null;
      refuseRouting(routingChangeViolation(actor, from, officeId), 'officeId');
      await trx('routing')
        .insert({ departement_code: departement.code, office_id: officeId, updated_by: actor.userId })
        .onConflict('departement_code')
        .merge({ office_id: officeId, updated_by: actor.userId, updated_at: trx.fn.now() });
      await trx('routing_changes').insert({
        departement_code: departement.code,
        from_office_id: from,
        to_office_id: officeId,
        changed_by: actor.userId,
      });
      await audit(
        trx,
        actor,
        'routing.changed',
        { type: 'departement', id: departement.code },
        { from, to: officeId },
      );
    });
    ctx.body = { code: departement.code, officeId } satisfies View<typeof routingChangedView>;
  });

  /** An office's dashboard (`?office=`), or all her offices together with one row per office. */
  router.get('/dashboard', async (ctx) => {
    const { actor } = signedIn(ctx);
    const { office } = parse(dashboardQuerySchema, ctx.query);
    if (office && !actor.officeIds.includes(office)) throw notFound();
    ctx.body = (await dashboardOf(db, office ? [office] : actor.officeIds, office ?? null)) satisfies View<
      typeof dashboardView
    >;
  });

  /** Cases a filter selects, for choosing what to reassign: a page, and how many match in all. */
  router.get('/cases', async (ctx) => {
    const { actor } = signedIn(ctx);
    const filter = parse(queueFilterSchema, ctx.query);
    const page = parse(reassignmentPageSchema, ctx.query);
    const [result, counts] = await Promise.all([
      queuePage(db, filter, actor, { limit: page.limit, after: page.after }),
      queueCounts(db, filter, actor),
    ]);
    ctx.body = { ...result, total: counts.total } satisfies View<typeof supervisionCasesView>;
  });

  router.get('/reassignments', async (ctx) => {
    ctx.body = (await listBulkReassignments(db, signedIn(ctx).actor)) satisfies View<typeof bulkListView>;
  });

  router.post('/reassignments', async (ctx) => {
    ctx.status = 202;
    ctx.body = (await startBulkReassignment(deps, signedIn(ctx).actor, ctx.request.body)) satisfies View<
      typeof bulkStartedView
    >;
  });

  router.get('/reassignments/:id', async (ctx) => {
    ctx.body = (await bulkReport(db, signedIn(ctx).actor, String(ctx.params.id))) satisfies View<
      typeof bulkReportView
    >;
  });

  router.post('/reassignments/:id/cancel', async (ctx) => {
    const actor: Actor = signedIn(ctx).actor;
    await bulkReport(db, actor, String(ctx.params.id)); // 404 when it is not hers to see
    ctx.body = (await cancelBulkReassignment(deps, actor, String(ctx.params.id))) satisfies View<
      typeof bulkCancelView
    >;
  });

  return router;
}
