/**
 * A département agent's routes, scoped to her one département: sending a notification (the form's
 * JSON, the same as the machine API's), a batch file with its report line by line, the notifications
 * received, and the childminders holding an agrément of her département (her name as published,
 * agrément, status, publication state; never the NIR nor the documents). And the pivot CAF's queue
 * of notifications that matched nobody, for the départements it moderates.
 */
import { z } from 'zod';
import { parseNotificationCsv } from '../../domain/agrement-notification-csv.ts';
import { notificationSchema } from '../../domain/agrement-notification-form.ts';
import { agrementState } from '../../domain/agrement-notifications.ts';
import type { CaseStatus } from '../../domain/case-status.ts';
import { AGREMENT_FILTERS } from '../../domain/queue-filter.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newRouter, type ApiDeps, type AppContext } from '../context.ts';
import { holdsNul, invalid, parse, Problem } from '../problem.ts';
import { publishable } from '../search/publishable.ts';
import { departementOf } from '../departements/scope.ts';
import { expiredAgrements } from '../departements/standing.ts';
import { PUBLISHED_NAME_SQL } from '../departements/missed-declarations.ts';
import {
  receiveNotification,
  type Received,
  type ReceivedOutcome,
  type Sender,
} from '../departements/notifications.ts';
import {
  batchReportView,
  departementChildmindersView,
  notificationListView,
  notificationReceivedView,
  unmatchedListView,
} from '../views/departement.ts';
import type { View } from '../views/common.ts';

/** A row of her département's list, as read. */
interface ListedRow {
  id: string;
  name: string;
  agrement: { number?: string; expiryDate?: string; capacity?: number; workplace?: 'home' | 'mam' } | null;
  status: CaseStatus;
  suspended_from: Date | null;
  suspended_until: Date | null;
  withdrawn_from: Date | null;
  published: boolean;
}

/** Her département's list, all of it or only the expired agréments (domain/queue-filter.ts). */
export const departementListSchema = z.object({
  agrement: z.enum(AGREMENT_FILTERS, { error: 'Situation de l’agrément inconnue.' }).optional(),
});

/** The batch: the file's text as the UI read it (UTF-8). */
export const batchSchema = z.object({ csv: z.string().max(250_000) });

export const notificationColumns = [
  'n.id',
  'n.reference',
  'n.kind',
  'n.agrement_number as agrementNumber',
  'n.outcome',
  'n.channel',
  'n.effective_at as effectiveAt',
  'n.ends_at as endsAt',
  'n.received_at as receivedAt',
];

export function departementRoutes(deps: ApiDeps) {
  const router = newRouter('/api/departement');
  const { db } = deps;
  router.use(requireRole('departement_agent'));

  router.post('/notifications', async (ctx) => {
    const departement = departementOf(ctx);
    const sender = { departement, channel: 'form' as const, actor: signedIn(ctx).actor, clientId: null };
    await answerNotification(deps, ctx, sender);
  });

  router.post('/notifications/batch', async (ctx) => {
    const departement = departementOf(ctx);
    const { csv } = parse(batchSchema, ctx.request.body);
    const parsed = parseNotificationCsv(csv);
    if ('fileError' in parsed)
      throw new Problem(422, 'invalid_batch', parsed.fileError, [{ path: 'csv', message: parsed.fileError }]);
    const sender = { departement, channel: 'batch' as const, actor: signedIn(ctx).actor, clientId: null };
    const counts: Record<ReceivedOutcome, number> = {
      applied: 0,
      already_applied: 0,
      unmatched: 0,
      refused: 0,
    };
    const lines: View<typeof batchReportView>['lines'] = [];
    // One line after the other: two lines about the same agrément apply in the file's order.
    for (const entry of parsed.lines) {
      const reference = 'input' in entry ? String(entry.input.reference ?? '') || null : null;
      let received: Received;
      if ('error' in entry) {
        received = {
          outcome: 'refused',
          notificationId: null,
          refusal: { code: 'invalid_line', message: entry.error },
        };
      } else {
        const checked = notificationSchema.safeParse(entry.input);
        received =
          checked.success && holdsNul(checked.data)
            ? {
                outcome: 'refused',
                notificationId: null,
                refusal: { code: 'invalid_line', message: 'Caractère nul (U+0000) refusé.' },
              }
            : checked.success
              ? await receiveNotification(deps, sender, checked.data)
              : {
                  outcome: 'refused',
                  notificationId: null,
                  refusal: { code: 'invalid_line', message: lineProblem(checked.error) },
                };
      }
      counts[received.outcome] += 1;
      lines.push({ line: entry.line, reference, outcome: received.outcome, refusal: received.refusal });
    }
    ctx.body = { counts, lines } satisfies View<typeof batchReportView>;
  });

  router.get('/notifications', async (ctx) => {
    const departement = departementOf(ctx);
    const items = await db('agrement_notifications as n')
      .where('n.departement', departement)
      .orderBy('n.received_at', 'desc')
      .limit(200)
      .select(notificationColumns);
    ctx.body = { items } satisfies View<typeof notificationListView>;
  });

  router.get('/childminders', async (ctx) => {
    const departement = departementOf(ctx);
    const { agrement } = parse(departementListSchema, ctx.query);
    const now = new Date();
    const dep = await db('departements').where({ code: departement }).first('code', 'name');
    const hers = () =>
      db('registrations as r')
        .join('cases as c', 'c.registration_id', 'r.id')
        .where('r.agrement_departement', departement);
    // The same rule as the pivot CAF's queue (api/cases/queue-query.ts): the expired ones by their index.
    const [counts] = await hers().select(
      db.raw('count(*)::int as total'),
      db.raw('(count(*) filter (where r.id in ?))::int as expired', [
        expiredAgrements(now)(db.queryBuilder()),
      ]),
    );
    const rows: ListedRow[] = await hers()
      .leftJoin('agrement_standing as st', 'st.registration_id', 'r.id')
      .modify((q) => {
        if (agrement === 'expired') q.whereIn('r.id', expiredAgrements(now));
      })
      .orderByRaw(`r.identity ->> 'birthName', r.id`)
      .limit(500)
      .select(
        'r.id',
        db.raw(`${PUBLISHED_NAME_SQL} as name`),
        'r.agrement',
        'c.status',
        'st.suspended_from',
        'st.suspended_until',
        'st.withdrawn_from',
        db.raw(`${publishable('r.id')} as published`),
      );
    await audit(
      db,
      signedIn(ctx).actor,
      'departement.childminders_listed',
      { type: 'departement', id: departement },
      { rows: rows.length, ...(agrement ? { agrement } : {}) },
    );
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    ctx.body = {
      departement: dep,
      counts: { total: counts.total as number, expired: counts.expired as number },
      items: rows.map((row) => {
        const standing = {
          suspendedFrom: iso(row.suspended_from),
          suspendedUntil: iso(row.suspended_until),
          withdrawnFrom: iso(row.withdrawn_from),
        };
        const state = agrementState(standing, row.agrement?.expiryDate ?? null, now);
        return {
          registrationId: row.id,
          name: row.name as string,
          agrementNumber: row.agrement?.number ?? null,
          expiryDate: row.agrement?.expiryDate ?? null,
          capacity: row.agrement?.capacity ?? null,
          workplace: row.agrement?.workplace ?? null,
          caseStatus: row.status as CaseStatus,
          agrementState: state,
          suspendedUntil: state === 'suspended' ? (row.suspended_until as Date) : null,
          published: row.published as boolean,
        };
      }),
    } satisfies View<typeof departementChildmindersView>;
  });

  return router;
}

/**
 * One notification's answer, the same for the form and the machine API: 201 when recorded (applied
 * or waiting unmatched), 200 when it was already, 422 with the rule's code when refused.
 */
export async function answerNotification(deps: ApiDeps, ctx: AppContext, sender: Sender): Promise<void> {
  const input = parse(notificationSchema, ctx.request.body);
  const received = await receiveNotification(deps, sender, input);
  if (received.outcome === 'refused' && received.refusal)
    throw new Problem(422, received.refusal.code, received.refusal.message);
  ctx.status = received.outcome === 'applied' || received.outcome === 'unmatched' ? 201 : 200;
  ctx.body = received satisfies View<typeof notificationReceivedView>;
}

/** The first problem of a line, in French, with its column. */
function lineProblem(error: z.ZodError): string {
  const issue = invalid(error).errors[0];
  return issue ? `${issue.path} : ${issue.message}` : 'Ligne invalide.';
}

/** The pivot CAF's queue: notifications that matched nobody, for the départements routed to its offices. */
export function unmatchedNotificationRoutes(deps: ApiDeps) {
  const router = newRouter('/api/staff/agrement-notifications');
  const { db } = deps;
  router.use(requireRole('moderator', 'supervisor'));
  router.get('/unmatched', async (ctx) => {
    const { actor } = signedIn(ctx);
    const items = await db('agrement_notifications as n')
      .join('routing as rt', 'rt.departement_code', 'n.departement')
      .whereIn('rt.office_id', actor.officeIds)
      .andWhere('n.outcome', 'unmatched')
      .orderBy('n.received_at')
      .limit(200)
      .select([
        ...notificationColumns,
        'n.departement',
        'n.birth_name as birthName',
        db.raw(`to_char(n.birth_date, 'YYYY-MM-DD') as "birthDate"`),
      ]);
    // Birth names and dates of people the register could not match: a read of identities, recorded.
    await audit(
      db,
      actor,
      'agrement_notification.unmatched_listed',
      { type: 'agrement_notifications', id: 'unmatched' },
      { rows: items.length },
    );
    ctx.body = { items } satisfies View<typeof unmatchedListView>;
  });
  return router;
}
