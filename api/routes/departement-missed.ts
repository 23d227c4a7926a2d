/**
 * The département's list of childminders who have not declared (api/departements/missed-declarations.ts):
 * its figures, filtered and paged, its CSV export (a read of personal data, audited), and the
 * referral to the departmental commission (api/departements/commission-referrals.ts), which changes
 * nothing of her agrément nor of her publication.
 */
import { DEFAULT_MISSED_DECLARATION_POLICY, referralSchema } from '../../domain/missed-declarations.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { recordReferral } from '../departements/commission-referrals.ts';
import { departementOf } from '../departements/scope.ts';
import {
  missedDeclarationCounts,
  missedDeclarations,
  missedDeclarationsCsv,
  missedDeclarationsQuerySchema,
  PAGE_SIZE,
} from '../departements/missed-declarations.ts';
import { parse } from '../problem.ts';
import type { View } from '../views/common.ts';
import type { commissionReferralView, missedDeclarationsView } from '../views/departement.ts';

export function missedDeclarationRoutes(deps: ApiDeps) {
  const router = newRouter('/api/departement');
  const { db } = deps;
  const policy = deps.missedDeclarationPolicy;
  router.use(requireRole('departement_agent'));

  router.get('/missed-declarations', async (ctx) => {
    const departement = departementOf(ctx);
    const filters = parse(missedDeclarationsQuerySchema, ctx.query);
    const page = filters.page ?? 1;
    const now = new Date();
    const counts = await missedDeclarationCounts(db, departement, policy, now);
    const { items, matching } = await missedDeclarations(db, departement, filters, { page, policy, now });
    // Names, agrément numbers and communes of people at fault: a read of personal data, recorded.
    await audit(
      db,
      signedIn(ctx).actor,
      'departement.missed_declarations_listed',
      { type: 'departement', id: departement },
      { rows: items.length, page },
    );
    ctx.body = {
      counts,
      delayDays: (policy ?? DEFAULT_MISSED_DECLARATION_POLICY).departementAfterMs / 86_400_000,
      matching,
      page,
      pageSize: PAGE_SIZE,
      pages: Math.max(1, Math.ceil(matching / PAGE_SIZE)),
      items,
    } satisfies View<typeof missedDeclarationsView>;
  });

  router.get('/missed-declarations.csv', async (ctx) => {
    const departement = departementOf(ctx);
    const { page: _page, ...filters } = parse(missedDeclarationsQuerySchema, ctx.query);
    const { items } = await missedDeclarations(db, departement, filters, { page: null, policy });
    await audit(
      db,
      signedIn(ctx).actor,
      'departement.missed_declarations_exported',
      { type: 'departement', id: departement },
      { rows: items.length, filters },
    );
    ctx.set('content-type', 'text/csv; charset=utf-8');
    ctx.set('content-disposition', 'attachment; filename="declarations-manquantes.csv"');
    ctx.set('cache-control', 'private, no-store');
    ctx.body = missedDeclarationsCsv(items);
  });

  router.post('/missed-declarations/:registrationId/referral', async (ctx) => {
    const departement = departementOf(ctx);
    const input = parse(referralSchema, ctx.request.body);
    const recorded = await recordReferral(
      db,
      { departement, actor: signedIn(ctx).actor },
      String(ctx.params.registrationId),
      input,
      policy,
    );
    ctx.status = recorded.outcome === 'recorded' ? 201 : 200;
    ctx.body = recorded satisfies View<typeof commissionReferralView>;
  });

  return router;
}
