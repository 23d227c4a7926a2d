import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem } from '#lib/server/api.ts';
import { valuesOf } from '#lib/server/forms.ts';
import type { CaseStatus } from '#lib/domain.ts';
import type { DocumentInfo, Sections, TimelineEntry } from '#lib/types.ts';

export interface StaffCase {
  id: string;
  case: {
    status: CaseStatus;
    officeId: string;
    officeName: string;
    holderId: string | null;
    holderName: string | null;
    dueAt: string | null;
    submittedAt: string | null;
    label: string;
    expected: string;
  };
  sections: Sections;
  identityCheck: { outcome: string; fields: Record<string, string>; checkedAt: string } | null;
  facts: Array<{ code: string; label: string; level: 'ok' | 'warning' | 'problem'; detail: string }>;
  documents: DocumentInfo[];
  timeline: TimelineEntry[];
}

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return { kase: await api(locals.token).get<StaffCase>(`/api/staff/cases/${params.id}`) };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404)
      error(404, 'Ce dossier n’existe pas ou relève d’une autre CAF.');
    throw problem;
  }
};

/** A holder's action on the case (claim, release): on refusal, the rule's message. */
async function holderAction(locals: App.Locals, id: string, action: 'claim' | 'release') {
  try {
    await api(locals.token).post(`/api/staff/cases/${id}/${action}`);
  } catch (problem) {
    if (problem instanceof ApiProblem) return fail(problem.status, { holderMessage: problem.message });
    throw problem;
  }
  return { holderMessage: null };
}

export const actions: Actions = {
  claim: ({ locals, params }) => holderAction(locals, params.id, 'claim'),
  release: ({ locals, params }) => holderAction(locals, params.id, 'release'),
  /** Approve, request a correction or reject: the workflow's validator has the last word. */
  decide: async ({ locals, params, request }) => {
    const form = await request.formData();
    const values = valuesOf(form);
    const kind = values.kind;
    const body =
      kind === 'approve'
        ? { kind }
        : kind === 'request_correction'
          ? {
              kind,
              reasonCode: values.correctionReason || undefined,
              message: values.correctionMessage ?? '',
              fields: form.getAll('fields').map(String),
            }
          : { kind, reasonCode: values.rejectionReason || undefined, message: values.rejectionMessage ?? '' };
    try {
      await api(locals.token).post(`/api/staff/cases/${params.id}/decision`, body);
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      const prefix = kind === 'request_correction' ? 'correction' : 'rejection';
      const errors = Object.fromEntries(
        problem.errors.map((e) => [
          e.path === 'message' ? `${prefix}Message` : e.path === 'reasonCode' ? `${prefix}Reason` : e.path,
          e.message,
        ]),
      );
      return fail(problem.status, { kind, values, errors, message: problem.message });
    }
    redirect(303, `/moderation/dossiers/${params.id}?decision=${kind}`);
  },
};
