/** What every route can use: its dependencies, and the signed-in user once authenticated. */
import type { Client } from '@temporalio/client';
import type { ParameterizedContext } from 'koa';
import Router from '@koa/router';
import type { Actor } from '../domain/case-rules.ts';
import type { ContactPolicy } from '../domain/contact-requests.ts';
import type { MissedDeclarationPolicy } from '../domain/missed-declarations.ts';
import type { RegistrationPolicy } from '../domain/policy.ts';
import type { Db } from '../infra/db.ts';
import type { KeyRing } from '../infra/keys.ts';
import type { Storage } from '../infra/s3.ts';
import type { AuthUser } from './auth/sessions.ts';
import type { ApiClient } from './departements/api-clients.ts';

export interface ApiDeps {
  db: Db;
  storage: Storage;
  temporal: Client;
  taskQueue: string;
  policy: RegistrationPolicy;
  /** Durations of contact requests; the default policy when absent (tests give seconds). */
  contactPolicy?: ContactPolicy;
  /** When her département sees a missed declaration; the default policy when absent (tests give 0). */
  missedDeclarationPolicy?: MissedDeclarationPolicy;
  publicUrl: string;
  /** What seals personal data (the Temporal codec endpoint uses it; see infra/keys.ts). */
  keys: KeyRing;
}

export interface AppState {
  user?: AuthUser;
  actor?: Actor;
  token?: string;
  /** A département's system, on the machine routes (api/departements/api-clients.ts). */
  apiClient?: ApiClient;
}

export type AppContext = ParameterizedContext<AppState> & { request: { body?: unknown } };

export function newRouter(prefix: string): Router<AppState, AppContext> {
  return new Router<AppState, AppContext>({ prefix });
}
