/**
 * One parent's contact request to one childminder, `contact-request:<requestId>`: the parent confirms
 * her email by the link sent to her, then the request is delivered; the childminder is reminded after
 * a while without an answer, and the request expires after the policy period (the parent is told).
 * Then, after the retention period, its personal data is erased. Ids and codes only in history:
 * names, emails and messages stay in PostgreSQL.
 */
import * as wf from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  answerViolation,
  CLOSED_CONTACT_STATUSES,
  CONTACT_RULES,
  type ContactPolicy,
  type ContactStatus,
  type DeclineReason,
} from '../domain/contact-requests.ts';

/** What the API learns back: where the request stands, and until when she may answer. */
export interface ContactView {
  status: ContactStatus;
  expiresAt: string | null;
}

/** Her answer, already written as a draft by the API: its id and codes, never its text. */
export interface AnswerRef {
  answerId: string;
  kind: 'accept' | 'decline';
  reason: DeclineReason | null;
}

// Updates, not signals: the parent's page says at once "transmise"; her answer after expiry must be
// refused, kindly, before anything is written.
export const verifyEmailUpdate = wf.defineUpdate<ContactView>('verifyEmail');
export const answerUpdate = wf.defineUpdate<ContactView, [AnswerRef]>('answer');
export const contactRequestQuery = wf.defineQuery<ContactView>('contactRequest');

export function contactRequestWorkflowId(requestId: string): string {
  return `contact-request:${requestId}`;
}

export interface ContactRequestInput {
  requestId: string;
  policy: ContactPolicy;
}

type Activities = ReturnType<typeof createActivities>;

const {
  sendContactVerification,
  deliverContactRequest,
  remindContactRequest,
  applyContactAnswer,
  closeContactRequest,
  purgeContactRequest,
} = wf.proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

function refuse(code: keyof typeof CONTACT_RULES | null): void {
  if (code) throw wf.ApplicationFailure.nonRetryable(CONTACT_RULES[code], code);
}

export async function contactRequest({ requestId, policy }: ContactRequestInput): Promise<void> {
  const state: ContactView & { verified: boolean; answer: AnswerRef | null } = {
    status: 'awaiting_verification',
    expiresAt: null,
    verified: false,
    answer: null,
  };
  const view = (): ContactView => ({ status: state.status, expiresAt: state.expiresAt });
  wf.setHandler(contactRequestQuery, view);

  wf.setHandler(
    verifyEmailUpdate,
    async () => {
      state.verified = true;
      await wf.condition(() => state.status !== 'awaiting_verification');
      return view();
    },
    {
      // A second click on the link, once delivered, is no error: the page shows where it stands.
      validator: () => refuse(state.status === 'unverified' ? 'request_unverified' : null),
    },
  );

  wf.setHandler(
    answerUpdate,
    async (answer) => {
      state.answer = answer;
      await wf.condition(() => CLOSED_CONTACT_STATUSES.includes(state.status));
      refuse(answerViolation(state.status) === 'request_expired' ? 'request_expired' : null);
      return view();
    },
    { validator: (_answer) => refuse(state.answer ? 'already_answered' : answerViolation(state.status)) },
  );

  await sendContactVerification(requestId);
  await wf.condition(() => state.verified, policy.verificationWindowMs);
  // Checked again, not taken from the timer: a click accepted in the same instant still counts.
  if (!state.verified) {
    state.status = 'unverified';
    await closeContactRequest({ requestId, status: 'unverified' });
  } else {
    const expiresAt = new Date(Date.now() + policy.expireAfterMs).toISOString();
    await deliverContactRequest({ requestId, expiresAt });
    state.status = 'delivered';
    state.expiresAt = expiresAt;
    const answered = () => state.answer !== null;
    if (!(await wf.condition(answered, policy.reminderAfterMs))) {
      await remindContactRequest(requestId);
      await wf.condition(answered, Math.max(0, policy.expireAfterMs - policy.reminderAfterMs));
    }
    if (state.answer) {
      await applyContactAnswer({ requestId, answerId: state.answer.answerId });
      state.status = state.answer.kind === 'accept' ? 'answered' : 'declined';
    } else {
      // Set before any await: from now on the validator refuses a late answer.
      state.status = 'expired';
      await closeContactRequest({ requestId, status: 'expired' });
    }
  }
  await wf.condition(wf.allHandlersFinished);
  // Late answers are refused by the validator meanwhile; then the personal data goes.
  await wf.sleep(policy.retentionMs);
  await purgeContactRequest(requestId);
}
