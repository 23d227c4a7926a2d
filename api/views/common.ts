/**
 * Building blocks of the response views: what the API sends, declared once as zod schemas. A route
 * checks its answer against its view (`satisfies z.output<typeof view>`); the OpenAPI document
 * describes the wire form (`z.input`: timestamps as ISO strings), which is what the UI receives.
 */
import { z } from 'zod';
import { CASE_STATUSES, CLOSURE_REASONS } from '../../domain/case-status.ts';

/** A moment: a `Date` at the route, an ISO 8601 string on the wire. */
export const timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** A calendar day, `YYYY-MM-DD` (PostgreSQL `date` columns stay strings). */
export const day = z.iso.date();

export const caseStatus = z.enum(CASE_STATUSES);
/** Why a closed case is closed (domain/case-status.ts); null while it is not. */
export const closureReason = z.enum(CLOSURE_REASONS).nullable();
export const role = z.enum([
  'childminder',
  'moderator',
  'supervisor',
  'relay',
  'departement_agent',
  'data_protection',
]);
export const officeRef = z.object({ id: z.string(), name: z.string() });

/** A saved section, a stored value or a proposed change: the section's own schema says its form. */
export const sectionValue = z.record(z.string(), z.unknown());

/** The explanation of a status, in her words (domain/case-status.ts). */
export const staffStatusExplanation = {
  label: z.string(),
  expected: z.string(),
};
export const statusExplanation = { ...staffStatusExplanation, actor: z.string() };

/** RFC 9457 problem+json, as api/problem.ts writes it. */
export const problemView = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string().regex(/^[a-z_]+$/),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The answer of a moderation Update on a case (workflows/moderation.ts `ModerationView`). */
export const caseCommandView = z.object({
  status: caseStatus,
  seq: z.int(),
  officeId: z.string().nullable(),
  holderId: z.uuid().nullable(),
});

/** What a route answers, as its view describes it (the decoded side: `Date`s, not strings). */
export type View<S extends z.ZodType> = z.output<S>;
