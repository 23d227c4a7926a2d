/** What a relay may do for a childminder, as her lifecycle's rule says it, and what its list filters on. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/case-rules.ts';
import { profileChangeViolation, type ProfileSnapshot } from '../../domain/profile-changes.ts';
import { relayNeedsOf } from '../../domain/relays.ts';

const snapshot: ProfileSnapshot = { status: 'active', ownerId: 'her', pendingSection: null };
const agent = (onBehalfOf?: string): Actor => ({ userId: 'agent', role: 'relay', officeIds: [], onBehalfOf });

describe('a relay agent acting for her', () => {
  it('may change her contact and availability at once, for her only', () => {
    expect(profileChangeViolation(snapshot, agent('her'), 'contact', false)).toBeNull();
    expect(profileChangeViolation(snapshot, agent('her'), 'availability', false)).toBeNull();
    expect(profileChangeViolation(snapshot, agent('someone else'), 'contact', false)).toBe('not_owner');
    expect(profileChangeViolation(snapshot, agent(), 'contact', false)).toBe('not_owner');
  });

  it('never changes her identity or agrément, nor anything the CAF must check', () => {
    expect(profileChangeViolation(snapshot, agent('her'), 'identity', false)).toBe('not_owner');
    expect(profileChangeViolation(snapshot, agent('her'), 'agrement', false)).toBe('not_owner');
    expect(profileChangeViolation(snapshot, agent('her'), 'contact', true)).toBe('not_owner');
  });

  it('is not a childminder: another role claiming to act for her is refused', () => {
    const moderator: Actor = { userId: 'm', role: 'moderator', officeIds: ['caf-69'], onBehalfOf: 'her' };
    expect(profileChangeViolation(snapshot, moderator, 'contact', false)).toBe('not_owner');
  });
});

describe('what a childminder needs, for the relay’s list', () => {
  const now = new Date('2027-05-10T10:00:00Z');
  it('a missed deadline is overdue; a deadline within 30 days is due; a correction asked', () => {
    const overdue = { caseStatus: 'active', nextDeadline: null, overdueDeadline: new Date('2026-12-01') };
    expect(relayNeedsOf(now, overdue)).toEqual(['declaration_overdue']);
    const due = { caseStatus: 'active', nextDeadline: new Date('2027-06-01'), overdueDeadline: null };
    expect(relayNeedsOf(now, due)).toEqual(['declaration_due']);
    const later = { caseStatus: 'active', nextDeadline: new Date('2027-12-01'), overdueDeadline: null };
    expect(relayNeedsOf(now, later)).toEqual([]);
    const correction = { caseStatus: 'correction_requested', nextDeadline: null, overdueDeadline: null };
    expect(relayNeedsOf(now, correction)).toEqual(['correction_requested']);
  });

  it('an agrément expiring within 6 months is to renew, not one expiring later', () => {
    const facts = { caseStatus: 'active', nextDeadline: null, overdueDeadline: null };
    expect(relayNeedsOf(now, { ...facts, agrementExpiry: '2027-11-10' })).toEqual(['agrement_expiring']);
    expect(relayNeedsOf(now, { ...facts, agrementExpiry: '2027-11-11' })).toEqual([]);
    expect(relayNeedsOf(now, { ...facts, agrementExpiry: '2027-01-01' })).toEqual(['agrement_expiring']);
    expect(relayNeedsOf(now, { ...facts, agrementExpiry: null })).toEqual([]);
  });
});
