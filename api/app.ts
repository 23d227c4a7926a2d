/** The Koa application: middleware, then one router per audience. */
import Koa from 'koa';
import { authenticate } from './auth/middleware.ts';
import { accountRoutes } from './auth/account-routes.ts';
import { authRoutes } from './auth/routes.ts';
import { staffAccountRoutes } from './auth/staff-account-routes.ts';
import type { ApiDeps, AppState } from './context.ts';
import { jsonBody, methodGuard, refuseNul, securityHeaders } from './hardening.ts';
import { OPERATIONS } from './openapi/document.ts';
import { problemMiddleware } from './problem.ts';
import { contactFigureRoutes } from './routes/contact-figures.ts';
import { contactRequestRoutes } from './routes/contact-requests.ts';
import { parentLinkRoutes } from './contact/parent-links.ts';
import { departementRoutes, unmatchedNotificationRoutes } from './routes/departement.ts';
import { departementApiClientRoutes } from './routes/departement-api-clients.ts';
import { departementMachineRoutes } from './routes/departement-machine.ts';
import { missedDeclarationRoutes } from './routes/departement-missed.ts';
import { attestationRoutes } from './routes/attestation.ts';
import { documentRoutes } from './routes/documents.ts';
import { geoRoutes } from './routes/geo.ts';
import { personalDataRoutes } from './routes/personal-data.ts';
import { profileRoutes } from './routes/profile.ts';
import { publicSearchRoutes } from './routes/public-search.ts';
import { registrationRoutes } from './routes/registrations.ts';
import { relayConsentRoutes } from './routes/relay-consent.ts';
import { relayDeskRoutes } from './routes/relay-desk.ts';
import { relaySupervisionRoutes } from './routes/relay-supervision.ts';
import { serviceRoutes } from './routes/service.ts';
import { staffCaseRoutes } from './routes/staff-cases.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { auditLogRoutes } from './routes/audit-log.ts';
import { temporalCodecRoutes } from './routes/temporal-codec.ts';

export function createApp(deps: ApiDeps): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: true });
  app.use(problemMiddleware);
  app.use(securityHeaders());
  // Before authentication: a wrong method or a body that does not parse is refused the same for all.
  app.use(methodGuard(OPERATIONS));
  app.use(refuseNul);
  app.use(jsonBody());
  app.use(authenticate(deps));
  for (const router of apiRouters(deps)) app.use(router.routes());
  return app;
}

/** One router per audience; the OpenAPI test walks them to check that every route is documented. */
export function apiRouters(deps: ApiDeps) {
  return [
    serviceRoutes(),
    authRoutes(deps),
    accountRoutes(deps),
    personalDataRoutes(deps),
    staffAccountRoutes(deps),
    geoRoutes(deps),
    registrationRoutes(deps),
    documentRoutes(deps),
    profileRoutes(deps),
    attestationRoutes(deps),
    staffCaseRoutes(deps),
    supervisionRoutes(deps),
    auditLogRoutes(deps),
    publicSearchRoutes(deps),
    contactRequestRoutes(deps),
    parentLinkRoutes(deps),
    contactFigureRoutes(deps),
    relaySupervisionRoutes(deps),
    relayConsentRoutes(deps),
    relayDeskRoutes(deps),
    temporalCodecRoutes(deps),
    departementRoutes(deps),
    departementApiClientRoutes(deps),
    departementMachineRoutes(deps),
    missedDeclarationRoutes(deps),
    unmatchedNotificationRoutes(deps),
  ];
}
