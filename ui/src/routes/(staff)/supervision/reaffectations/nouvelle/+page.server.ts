import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { text, valuesOf } from '#lib/server/forms.ts';
import type { OfficeChoice, SelectableCase } from '../../types.ts';

/** The filter's fields, named as the API's queue filter (domain/queue-filter.ts). */
const FILTER_FIELDS = ['offices', 'statuses', 'holder', 'minAgeDays', 'due'] as const;

function filterOf(params: URLSearchParams): Record<string, string> {
  const filter: Record<string, string> = {};
  for (const name of FILTER_FIELDS) {
    const value = params.get(name)?.trim();
    if (value) filter[name] = value;
  }
  return filter;
}

interface CasesPage {
  items: SelectableCase[];
  next: string | null;
  total: number;
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const filter = filterOf(url.searchParams);
  const after = url.searchParams.get('apres');
  const query = new URLSearchParams({ ...filter, limit: '50', ...(after ? { after } : {}) });
  try {
    const cases = await api(locals.token).get<CasesPage>(`/api/supervision/cases?${query}`);
    return { filter, cases, after, filterErrors: {} as Record<string, string> };
  } catch (problem) {
    if (!(problem instanceof ApiProblem) || problem.status !== 422) throw problem;
    const empty: CasesPage = { items: [], next: null, total: 0 };
    return { filter, cases: empty, after, filterErrors: problem.fieldErrors() };
  }
};

export const actions: Actions = {
  /**
   * Moves the ticked cases, or every case of the filter (all pages). The first submission only asks
   * for confirmation, stating how many cases and to which office; the confirmed one starts the move.
   * A submission the API would refuse (no office chosen…) goes straight to it, for its message.
   */
  default: async ({ locals, request }) => {
    const form = await request.formData();
    const values = valuesOf(form);
    const ids = form.getAll('ids').map(String);
    const filter = filterOf(new URLSearchParams(text(values, 'filter')));
    const scope = values.scope === 'filter' ? 'filter' : 'selection';
    const toOfficeId = text(values, 'toOfficeId');
    const client = api(locals.token);
    const selection =
      scope === 'filter' ? { kind: 'filter' as const, filter } : { kind: 'cases' as const, ids };
    if (values.confirmed !== '1' && toOfficeId && (scope === 'filter' || ids.length)) {
      const offices = await client.get<OfficeChoice[]>('/api/supervision/offices');
      const office = offices.find((o) => o.id === toOfficeId && o.overseen);
      if (office) {
        const count =
          scope === 'filter'
            ? (
                await client.get<CasesPage>(
                  `/api/supervision/cases?${new URLSearchParams({ ...filter, limit: '1' })}`,
                )
              ).total
            : ids.length;
        return { confirm: { scope, count, toOfficeId, officeName: office.name, ids } };
      }
    }
    let started: { id: string };
    try {
      started = await client.post<{ id: string }>('/api/supervision/reassignments', {
        toOfficeId,
        selection,
      });
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      const errors = problem.fieldErrors();
      const selectionError = errors['selection.ids'] ?? errors.selection ?? null;
      const fieldErrors: Record<string, string> = errors.toOfficeId ? { toOfficeId: errors.toOfficeId } : {};
      return fail(problem.status, {
        toOfficeId,
        ids,
        errors: fieldErrors,
        message: selectionError ?? (problem.errors.length ? null : problem.message),
      });
    }
    redirect(303, `/supervision/reaffectations/${started.id}`);
  },
};
