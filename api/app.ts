/** The Koa application: middleware, then one router per audience. */
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { authenticate } from './auth/middleware.ts';
import { accountRoutes } from './auth/account-routes.ts';
import { authRoutes } from './auth/routes.ts';
import { staffAccountRoutes } from './auth/staff-account-routes.ts';
import type { ApiDeps, AppState } from './context.ts';
import { openApiDocument } from './openapi.ts';
import { problemMiddleware } from './problem.ts';
import { contactFigureRoutes } from './routes/contact-figures.ts';
import { contactRequestRoutes } from './routes/contact-requests.ts';
import { documentRoutes } from './routes/documents.ts';
import { geoRoutes } from './routes/geo.ts';
import { profileRoutes } from './routes/profile.ts';
import { publicSearchRoutes } from './routes/public-search.ts';
import { registrationRoutes } from './routes/registrations.ts';
import { staffCaseRoutes } from './routes/staff-cases.ts';
import { supervisionRoutes } from './routes/supervision.ts';

export function createApp(deps: ApiDeps): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: true });
  app.use(problemMiddleware);
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '256kb' }));
  app.use(async (ctx, next) => {
    if (ctx.path === '/api/health') {
      ctx.body = { ok: true };
      return;
    }
    if (ctx.path === '/api/openapi.json') {
      ctx.body = openApiDocument();
      return;
    }
    await next();
  });
  app.use(authenticate(deps));
  for (const router of apiRouters(deps)) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}

/** One router per audience; the OpenAPI test walks them to check that every route is documented. */
export function apiRouters(deps: ApiDeps) {
  return [
    authRoutes(deps),
    accountRoutes(deps),
    staffAccountRoutes(deps),
    geoRoutes(deps),
    registrationRoutes(deps),
    documentRoutes(deps),
    profileRoutes(deps),
    staffCaseRoutes(deps),
    supervisionRoutes(deps),
    publicSearchRoutes(deps),
    contactRequestRoutes(deps),
    contactFigureRoutes(deps),
  ];
}
