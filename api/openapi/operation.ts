/**
 * One API operation as the OpenAPI document describes it: who may call it, its path and query
 * parameters, its body and its answers, each a zod schema the route itself validates with or
 * answers with. The tables (accounts.ts, childminder.ts, staff.ts, supervision.ts) list them all.
 */
import { z } from 'zod';
import type { Role } from '../../domain/case-rules.ts';

/**
 * `public`: no session needed; `signedIn`: any role; `departementClient`: a département's system with
 * its client credentials (HTTP Basic), no session; else the roles allowed (others get 403).
 */
export type Access = 'public' | 'signedIn' | 'departementClient' | readonly Role[];

/** A success answer: its view, `null` for no body, `document` for a file's bytes. */
export type Answer = z.ZodType | null | 'document' | 'csv';

export interface Operation {
  method: 'get' | 'post' | 'put';
  /** OpenAPI form: `/api/registrations/{id}`. */
  path: string;
  summary: string;
  access: Access;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: z.ZodType;
  ok: Partial<Record<200 | 201 | 202 | 204, Answer>>;
  /**
   * Problems beyond those that follow from the rest: 401 (no or expired session), 403 (a role not
   * allowed), 404 (a path parameter naming nothing visible), 400/413/415/422 (a body).
   */
  problems?: number[];
}

/** Path parameters shared by many operations. */
export const uuidParam = z.uuid();
export const tokenParam = z.string().min(1).max(200);
