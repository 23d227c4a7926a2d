/** Supervision: dashboards per office and national, routing table, bulk reassignment. */
import { newRouter, type ApiDeps } from '../context.ts';

export function supervisionRoutes(_deps: ApiDeps) {
  const router = newRouter('/api/supervision');
  return router;
}
