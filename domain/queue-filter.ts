/**
 * The filters of a moderation queue, as a moderator or a supervisor states them: which statuses,
 * offices and départements, how old, how close to the due date, who holds the case, and the order.
 * The same filter selects a page of the queue, its counts, and every case of a bulk reassignment.
 */
import { z } from './validation-fr.ts';
import { CASE_STATUSES, MODERATION_STATUSES, type CaseStatus } from './case-status.ts';
import { departementCodeSchema } from './geography.ts';
import { PUBLISHABLE_CASE_STATUSES } from './publishable.ts';
import { officeIdSchema } from './routing.ts';

export const QUEUE_SORTS = ['submitted', '-submitted', 'due', '-due'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** How each order reads to a person. */
export const QUEUE_SORT_LABELS: Record<QueueSort, string> = {
  submitted: 'Les plus anciens d’abord',
  '-submitted': 'Les plus récents d’abord',
  due: 'Échéance la plus proche d’abord',
  '-due': 'Échéance la plus lointaine d’abord',
};

export const HOLDER_FILTERS = ['mine', 'unheld', 'others'] as const;
export type HolderFilter = (typeof HOLDER_FILTERS)[number];

export const HOLDER_FILTER_LABELS: Record<HolderFilter, string> = {
  mine: 'Tenus par moi',
  unheld: 'Tenus par personne',
  others: 'Tenus par une collègue',
};

export const DUE_FILTERS = ['overdue', 'soon'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export const DUE_FILTER_LABELS: Record<DueFilter, string> = {
  overdue: 'En retard',
  soon: 'À traiter bientôt',
};

/** Her agrément's situation: expired (its last valid day passed, no renewal received). */
export const AGREMENT_FILTERS = ['expired'] as const;
export type AgrementFilter = (typeof AGREMENT_FILTERS)[number];

export const AGREMENT_FILTER_LABELS: Record<AgrementFilter, string> = {
  expired: 'Agrément expiré',
};

/** A list from a URL (`?status=a,b` or `?status=a&status=b`) or from JSON (`["a", "b"]`). */
function list<T extends z.ZodType>(item: T) {
  return z
    .preprocess((value) => {
      if (value === undefined || value === null || value === '') return undefined;
      const values = Array.isArray(value) ? value : [value];
      return values.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');
    }, z.array(item).optional())
    .meta(wireForm(z.array(item)));
}

/** What a preprocessed field accepts, for its JSON Schema (a preprocess function has none of its own). */
function wireForm(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...form } = z.toJSONSchema(schema, { io: 'input' });
  return form;
}

const days = (label: string) =>
  z
    .preprocess(
      (value) => (value === '' || value === null ? undefined : value),
      z.coerce
        .number({ error: `${label} : indiquez un nombre de jours.` })
        .int(`${label} : indiquez un nombre entier de jours.`)
        .min(0, `${label} : le nombre de jours ne peut pas être négatif.`)
        .max(3650, `${label} : dix ans au plus.`)
        .optional(),
    )
    .meta(wireForm(z.int().min(0).max(3650)));

export const queueFilterSchema = z
  .object({
    /** Statuses shown; the cases waiting for a decision when none is given. */
    statuses: list(z.enum(CASE_STATUSES, { error: 'Statut inconnu.' })),
    /** Offices among the actor's own; all of hers when none is given. */
    offices: list(officeIdSchema),
    /** Départements of the agrément (`69`, `2A`, `971`). */
    departements: list(departementCodeSchema),
    /** Submitted at least this many days ago. */
    minAgeDays: days('Ancienneté minimale'),
    /** Submitted at most this many days ago. */
    maxAgeDays: days('Ancienneté maximale'),
    /** Past its due date, or due within `dueWithinDays` days (and not yet late). */
    due: z.enum(DUE_FILTERS, { error: 'Échéance inconnue.' }).optional(),
    dueWithinDays: days('Échéance').default(2),
    /** Held by me, by nobody, by a colleague, or by a given person (her id). */
    holder: z
      .union([z.enum(HOLDER_FILTERS), z.uuid()], { error: 'Choix de la personne inconnu.' })
      .optional(),
    /** Her agrément expired without a renewal (domain/agrement-expiry.ts `expiredBefore`). */
    agrement: z.enum(AGREMENT_FILTERS, { error: 'Situation de l’agrément inconnue.' }).optional(),
    sort: z.enum(QUEUE_SORTS, { error: 'Tri inconnu.' }).default('submitted'),
  })
  .refine((f) => f.minAgeDays === undefined || f.maxAgeDays === undefined || f.minAgeDays <= f.maxAgeDays, {
    path: ['maxAgeDays'],
    message: 'L’ancienneté maximale doit être supérieure ou égale à l’ancienneté minimale.',
  });

export type QueueFilter = z.output<typeof queueFilterSchema>;
export type QueueFilterInput = z.input<typeof queueFilterSchema>;

/**
 * What a filter shows when it names no status: the cases waiting for a decision; for expired
 * agréments, the registrations validated (published until the expiry), with or without a change
 * waiting. The queue's form words its empty status choice after it.
 */
export type DefaultStatuses = 'waiting' | 'validated';

export const DEFAULT_STATUSES: Record<DefaultStatuses, readonly CaseStatus[]> = {
  waiting: MODERATION_STATUSES,
  validated: PUBLISHABLE_CASE_STATUSES,
};

/** Which default a filter without statuses falls back to (`agrement` as the URL or the filter says it). */
export function defaultStatusesOf(agrement: string | null | undefined): DefaultStatuses {
  return agrement === 'expired' ? 'validated' : 'waiting';
}

/** The statuses a filter selects: its own, else its default (`defaultStatusesOf`). */
export function filterStatuses(filter: Pick<QueueFilter, 'statuses' | 'agrement'>): readonly CaseStatus[] {
  if (filter.statuses?.length) return filter.statuses;
  return DEFAULT_STATUSES[defaultStatusesOf(filter.agrement)];
}

/** The filter as URL parameters, default values left out, so that a shared link stays short. */
export function queueFilterParams(filter: Partial<QueueFilter>): URLSearchParams {
  const params = new URLSearchParams();
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      if (value.length) params.set(name, value.join(','));
    } else params.set(name, String(value));
  };
  put('statuses', filter.statuses);
  put('offices', filter.offices);
  put('departements', filter.departements);
  put('minAgeDays', filter.minAgeDays);
  put('maxAgeDays', filter.maxAgeDays);
  put('due', filter.due);
  if (filter.due === 'soon') put('dueWithinDays', filter.dueWithinDays);
  put('holder', filter.holder);
  put('agrement', filter.agrement);
  if (filter.sort && filter.sort !== 'submitted') put('sort', filter.sort);
  return params;
}
