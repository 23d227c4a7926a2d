/**
 * The supervisors' figures on contact requests, for the offices they oversee (the office of the
 * childminder when the request was made): requests delivered over the last weeks, answered within
 * 3 days, and declined by reason. Counts only: no parent, no message.
 */
import { z } from 'zod';
import { ANSWER_TARGET_DAYS, DECLINE_REASONS, type DeclineReason } from '../../domain/contact-requests.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { notFound, parse } from '../problem.ts';
import { THROUGHPUT_WEEKS } from '../supervision/dashboard.ts';

export const scopeSchema = z.object({ office: z.string().min(1).optional() });

export interface ContactFigures {
  sent: number;
  answered: number;
  answeredWithinTarget: number;
  declined: number;
  expired: number;
  declinedByReason: Record<DeclineReason, number>;
}

const reasons = Object.keys(DECLINE_REASONS) as DeclineReason[];

export function contactFigureRoutes(deps: ApiDeps) {
  const router = newRouter('/api/supervision/contact-requests');
  const { db } = deps;
  router.use(requireRole('supervisor'));

  router.get('/figures', async (ctx) => {
    const { actor } = signedIn(ctx);
    const { office } = parse(scopeSchema, ctx.query);
    if (office && !actor.officeIds.includes(office)) throw notFound();
    const officeIds = office ? [office] : actor.officeIds;
    const since = new Date(Date.now() - THROUGHPUT_WEEKS * 7 * 86_400_000);
    const rows = await db('contact_requests as cr')
      .join('offices as o', 'o.id', 'cr.office_id')
      .whereIn('cr.office_id', officeIds)
      .andWhere('cr.delivered_at', '>=', since)
      .groupBy('cr.office_id', 'o.name')
      .orderBy('o.name')
      .select(
        'cr.office_id as officeId',
        'o.name as officeName',
        db.raw('count(*)::int as sent'),
        db.raw(`count(*) filter (where cr.status in ('answered', 'declined'))::int as answered`),
        db.raw(
          `count(*) filter (where cr.answered_at <= cr.delivered_at + make_interval(days => ?))::int as "answeredWithinTarget"`,
          [ANSWER_TARGET_DAYS],
        ),
        db.raw(`count(*) filter (where cr.status = 'declined')::int as declined`),
        db.raw(`count(*) filter (where cr.status = 'expired')::int as expired`),
        ...reasons.map((reason) =>
          db.raw(`count(*) filter (where cr.decline_reason = ?)::int as ??`, [reason, `reason_${reason}`]),
        ),
      );
    const figuresOf = (row: Record<string, number>): ContactFigures => ({
      sent: row.sent ?? 0,
      answered: row.answered ?? 0,
      answeredWithinTarget: row.answeredWithinTarget ?? 0,
      declined: row.declined ?? 0,
      expired: row.expired ?? 0,
      declinedByReason: Object.fromEntries(reasons.map((r) => [r, row[`reason_${r}`] ?? 0])) as Record<
        DeclineReason,
        number
      >,
    });
    const offices = rows.map((row) => ({
      officeId: row.officeId,
      officeName: row.officeName,
      ...figuresOf(row),
    }));
    const total: Record<string, number> = {};
    for (const row of rows)
      for (const [key, value] of Object.entries(row))
        if (typeof value === 'number') total[key] = (total[key] ?? 0) + value;
    ctx.body = {
      since,
      targetDays: ANSWER_TARGET_DAYS,
      office: office ?? null,
      total: figuresOf(total),
      offices,
    };
  });

  return router;
}
