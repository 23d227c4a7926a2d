import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { api, ApiProblem, apiPath } from '#lib/server/api.ts';
import { valuesOf } from '#lib/server/forms.ts';
import { m } from '#lib/i18n/index.ts';
import type { CaseStatus, ClosureReason } from '#lib/domain.ts';
import type {
  ChangeIdentityCheck,
  ChangeStatus,
  DocumentInfo,
  RegistrationView,
  SectionName,
  Sections,
  TimelineEntry,
} from '#lib/types.ts';

export interface StaffCase {
  id: string;
  case: {
    status: CaseStatus;
    officeId: string;
    officeName: string;
    holderId: string | null;
    holderName: string | null;
    dueAt: string | null;
    overdue: boolean;
    submittedAt: string | null;
    /** Why it is closed, when it is (domain/case-status.ts). */
    closureReason: ClosureReason | null;
    label: string;
    expected: string;
  };
  sections: Sections;
  /** What her département notified: a withdrawal closes her case. */
  agrementStanding: RegistrationView['agrementStanding'];
  identityCheck: { outcome: string; fields: Record<string, string>; checkedAt: string } | null;
  facts: Array<{ code: string; label: string; level: 'ok' | 'warning' | 'problem'; detail: string }>;
  documents: DocumentInfo[];
  duplicates: Array<{
    registrationId: string | null;
    on: 'nir' | 'agrement_number';
    status: string | null;
    officeName: string | null;
  }>;
  timeline: TimelineEntry[];
  notes: Array<{ id: string; body: string; authorName: string; createdAt: string }>;
  assignees: Array<{ id: string; name: string }>;
  pendingChange: {
    section: SectionName;
    value: unknown;
    reasons: Array<{ code: string; label: string }>;
    /** Her new attestation sent with the change, shown first beside the values. */
    documentId: string | null;
    status: ChangeStatus;
    identityCheck: ChangeIdentityCheck | null;
    createdAt: string;
  } | null;
  /** Her change that was waiting when the case closed: closed with it, not to decide. */
  closedChange: StaffCase['pendingChange'];
  declaration: {
    availabilityStatus: string;
    lastDeclaredAt: string | null;
    nextDeadline: string | null;
    overdueDeadline: string | null;
    consecutiveMisses: number;
  } | null;
}

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return { kase: await api(locals.token).get<StaffCase>(apiPath`/api/staff/cases/${params.id}`) };
  } catch (problem) {
    if (problem instanceof ApiProblem && problem.status === 404) error(404, m.moderation.case.notFound);
    throw problem;
  }
};

/** Who holds the case (claim, release, assign): on refusal, the rule's message, e.g. someone was quicker. */
async function holderAction(
  locals: App.Locals,
  id: string,
  action: 'claim' | 'release' | 'assign',
  body: unknown = {},
) {
  try {
    await api(locals.token).post(apiPath`/api/staff/cases/${id}/${action}`, body);
  } catch (problem) {
    if (problem instanceof ApiProblem) return fail(problem.status, { holderMessage: problem.message });
    throw problem;
  }
  return { holderMessage: null, holderDone: action };
}

export const actions: Actions = {
  claim: ({ locals, params }) => holderAction(locals, params.id, 'claim'),
  release: ({ locals, params }) => holderAction(locals, params.id, 'release'),
  /** A supervisor gives the case to a moderator of its office. */
  assign: async ({ locals, params, request }) => {
    const moderatorId = String((await request.formData()).get('moderatorId') ?? '');
    return holderAction(locals, params.id, 'assign', { moderatorId });
  },
  /** An internal note: refused, her text stays in the field with the reason next to it. */
  note: async ({ locals, params, request }) => {
    const body = String((await request.formData()).get('note') ?? '');
    try {
      await api(locals.token).post(apiPath`/api/staff/cases/${params.id}/notes`, { body });
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      return fail(problem.status, {
        note: body,
        noteError: problem.errors.find((e) => e.path === 'body')?.message ?? problem.message,
      });
    }
    return { noteAdded: true };
  },
  /** Approve, request a correction or reject: the workflow's validator has the last word. */
  decide: async ({ locals, params, request }) => {
    const form = await request.formData();
    const values = valuesOf(form);
    const kind = values.kind;
    if (kind === 'approve') {
      // Approving while an automatic check shows a problem needs her explicit word, problem by problem.
      const { facts } = await api(locals.token).get<StaffCase>(`/api/staff/cases/${params.id}`);
      const problems = facts.filter((fact) => fact.level === 'problem');
      if (problems.length && values.confirmProblems !== problems.map((p) => p.code).join(',')) {
        return fail(409, {
          kind,
          values,
          fields: [],
          errors: {
            confirmProblems: m.moderation.decision.problemsNotConfirmed(problems.map((p) => p.label)),
          },
          message: m.moderation.decision.problemsNotConfirmed(problems.map((p) => p.label)),
        });
      }
    }
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
      await api(locals.token).post(apiPath`/api/staff/cases/${params.id}/decision`, body);
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      const prefix = kind === 'request_correction' ? 'correction' : 'rejection';
      const errors = Object.fromEntries(
        problem.errors.map((e) => [
          e.path === 'message' ? `${prefix}Message` : e.path === 'reasonCode' ? `${prefix}Reason` : e.path,
          e.message,
        ]),
      );
      const fields = form.getAll('fields').map(String);
      return fail(problem.status, { kind, values, fields, errors, message: problem.message });
    }
    redirect(303, `/moderation/dossiers/${params.id}?decision=${kind}`);
  },
};
