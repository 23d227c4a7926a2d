/**
 * Her rights over her data (RGPD): the export of everything held about her, and the closure of her
 * account. Both act on the signed-in childminder's own account: no path names a person, so no one
 * reaches another's data.
 */
import { z } from 'zod';
import { DEFAULT_RETENTION_POLICY } from '../../domain/retention.ts';
import { audit } from '../audit.ts';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { closeAccount } from '../personal-data/closure.ts';
import { personalDataOf } from '../personal-data/export.ts';
import { parse } from '../problem.ts';
import type { View } from '../views/common.ts';
import type { accountClosedView, personalDataView } from '../views/personal-data.ts';

/** She confirms that she understood: a closure cannot be undone. */
export const closureSchema = z.object({
  confirm: z.literal(true, { error: 'Cochez la case pour confirmer la fermeture de votre compte.' }),
});

export function personalDataRoutes(deps: ApiDeps) {
  const router = newRouter('/api/account');
  const { db } = deps;
  router.use(requireRole('childminder'));

  router.get('/data', async (ctx) => {
    const { user, actor } = signedIn(ctx);
    const data = await personalDataOf(db, deps.keys, user.id);
    await audit(db, actor, 'account.data_exported', { type: 'user', id: user.id });
    ctx.set('cache-control', 'no-store');
    ctx.body = data satisfies View<typeof personalDataView>;
  });

  router.post('/closure', async (ctx) => {
    const { actor } = signedIn(ctx);
    parse(closureSchema, ctx.request.body);
    const closed = await closeAccount(deps, actor, deps.policy.retention ?? DEFAULT_RETENTION_POLICY);
    ctx.body = closed satisfies View<typeof accountClosedView>;
  });

  return router;
}
