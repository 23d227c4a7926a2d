/**
 * The client credentials of her département's systems, managed by a département agent: created
 * (the secret shown once), listed (never a secret), revoked. Each creation and revocation audited.
 */
import { z } from 'zod';
import { requireRole, signedIn } from '../auth/middleware.ts';
import { newRouter, type ApiDeps } from '../context.ts';
import { createApiClient, listApiClients, revokeApiClient } from '../departements/api-clients.ts';
import { isUuid } from '../cases/read-model.ts';
import { notFound, parse } from '../problem.ts';
import type { View } from '../views/common.ts';
import { apiClientCreatedView, apiClientListView, apiClientView } from '../views/departement.ts';
import { departementOf } from '../departements/scope.ts';

/** What names a client in her list: the system it is given to. */
export const apiClientSchema = z.object({
  label: z
    .string({ error: 'Ce champ est obligatoire.' })
    .trim()
    .min(1, 'Nommez le système qui utilisera ces identifiants.')
    .max(80),
});

export function departementApiClientRoutes(deps: ApiDeps) {
  const router = newRouter('/api/departement/api-clients');
  const { db } = deps;
  router.use(requireRole('departement_agent'));

  router.get('/', async (ctx) => {
    const items = await listApiClients(db, departementOf(ctx));
    ctx.body = { items } satisfies View<typeof apiClientListView>;
  });

  router.post('/', async (ctx) => {
    const departement = departementOf(ctx);
    const { label } = parse(apiClientSchema, ctx.request.body);
    const created = await createApiClient(db, signedIn(ctx).actor, departement, label);
    ctx.status = 201;
    ctx.body = created satisfies View<typeof apiClientCreatedView>;
  });

  router.post('/:id/revoke', async (ctx) => {
    const departement = departementOf(ctx);
    const id = String(ctx.params.id);
    if (!isUuid(id)) throw notFound();
    const revoked = await revokeApiClient(db, signedIn(ctx).actor, departement, id);
    ctx.body = revoked satisfies View<typeof apiClientView>;
  });

  return router;
}
