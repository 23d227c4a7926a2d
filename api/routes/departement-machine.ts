/**
 * The machine API of the départements' own systems, authenticated by their client credentials
 * (HTTP Basic, api/departements/api-clients.ts): the same notification JSON and the same answers as
 * the agent's form, idempotent by the département's reference; and one notification read back by
 * that reference. The département is the credential's, never the request's.
 */
import { z } from 'zod';
import { notificationSchema } from '../../domain/agrement-notification-form.ts';
import { retryAfterHeader } from '../auth/throttle.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { apiClientOf, requireApiClient } from '../departements/api-clients.ts';
import { notFound, parse } from '../problem.ts';
import type { View } from '../views/common.ts';
import type { notificationItem } from '../views/departement.ts';
import { answerNotification, notificationColumns } from './departement.ts';

/** `?reference=`: the département's own reference, as it sent it. */
export const referenceQuery = z.object({ reference: notificationSchema.shape.reference });

export function departementMachineRoutes(deps: ApiDeps) {
  const router = newRouter('/api/machine/departement');
  const { db } = deps;
  router.use(retryAfterHeader);
  router.use(requireApiClient(db));

  router.post('/notifications', async (ctx) => {
    const client = apiClientOf(ctx);
    await answerNotification(deps, ctx, {
      departement: client.departement,
      channel: 'api',
      actor: null,
      clientId: client.id,
    });
  });

  router.get('/notifications', async (ctx) => {
    const client = apiClientOf(ctx);
    const { reference } = parse(referenceQuery, ctx.query);
    const item = await db('agrement_notifications as n')
      .where({ 'n.departement': client.departement, 'n.reference': reference })
      .first(notificationColumns);
    if (!item) throw notFound();
    ctx.body = item satisfies View<typeof notificationItem>;
  });

  return router;
}
