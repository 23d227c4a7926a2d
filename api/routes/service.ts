/** What operators and clients read without a session: liveness, and the API's own description. */
import { newRouter } from '../context.ts';
import { openApiDocument } from '../openapi/document.ts';

export function serviceRoutes() {
  const router = newRouter('/api');
  router.get('/health', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/openapi.json', (ctx) => {
    ctx.body = openApiDocument();
  });
  return router;
}
