/** What the relays' routes answer (supervision, her consent, the relay's desk, the public pages). */
import { z } from 'zod';
import { RELAY_NEEDS, type RelayNeed } from '../../domain/relays.ts';
import { caseStatus, sectionValue, staffStatusExplanation, timestamp } from './common.ts';
import { timelineEntryView } from './registration.ts';

/** A relay as childminders and parents see it: how to reach it. */
export const relayContactView = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  postalCode: z.string(),
  city: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

const commune = z.object({ code: z.string(), name: z.string() });
export const relayRecordView = relayContactView.extend({
  departement: z.string(),
  communes: z.array(commune),
});

export const relayListView = z.object({
  items: z.array(
    relayRecordView.extend({
      agents: z.array(
        z.object({
          id: z.uuid(),
          displayName: z.string(),
          email: z.string(),
          status: z.enum(['active', 'invited', 'deactivated']),
        }),
      ),
    }),
  ),
});
export const relaySavedView = z.object({ id: z.uuid() });
export const relayAgentInvitedView = z.object({ id: z.uuid(), status: z.literal('invited') });

/** Her consent page: the relays she may choose, the one she chose, what it will see and do. */
export const relayConsentView = z.object({
  relays: z.array(relayContactView),
  consent: z.object({ relay: relayContactView, grantedAt: timestamp }).nullable(),
  requests: z.array(z.object({ relay: relayContactView, createdAt: timestamp })),
  statement: z.object({
    sees: z.array(z.string()),
    does: z.array(z.string()),
    never: z.array(z.string()),
    after: z.string(),
  }),
});

export const relayFiguresView = z.object({ published: z.int(), full: z.int(), overdue: z.int() });

const need = z.enum(Object.keys(RELAY_NEEDS) as [RelayNeed, ...RelayNeed[]]);

/** One consenting childminder in the relay's list. */
export const relayChildminderItemView = z.object({
  id: z.uuid(),
  name: z.string(),
  communeName: z.string().nullable(),
  caseStatus,
  availabilityStatus: z.string().nullable(),
  nextDeadline: timestamp.nullable(),
  overdueDeadline: timestamp.nullable(),
  needs: z.array(need),
});

export const relayDeskView = z.object({
  relay: relayRecordView,
  figures: relayFiguresView,
  items: z.array(relayChildminderItemView),
});

/** Her case as the relay sees it with her consent: never her NIR, her identity data or documents. */
export const relayChildminderView = relayChildminderItemView.extend({
  case: z.object({ status: caseStatus, ...staffStatusExplanation }),
  /** Where she works (a MAM's address is always public): what her contact form depends on. */
  workplace: z.enum(['home', 'mam']).nullable(),
  contact: sectionValue.nullable(),
  availability: sectionValue.nullable(),
  grantedAt: timestamp,
  timeline: z.array(timelineEntryView),
});

export const relayConsentGrantedView = z.object({ relayId: z.uuid() });
export const relayConsentWithdrawnView = z.object({ withdrawn: z.boolean() });
export const relayConsentRequestedView = z.object({ requested: z.boolean() });

export const relayActedView = z.object({
  section: z.string(),
  outcome: z.enum(['applied', 'checking', 'pending', 'unchanged']),
});
