/** The milestones of an agrément's expiry: 6, 3 and 1 months ahead, then the expiry; the latest passed is told, once. */
import { describe, expect, it } from 'vitest';
import { dueMilestone, expiryMilestones, nextMilestone, renewalDue } from '../../domain/agrement-expiry.ts';

describe('the milestones of an expiry date', () => {
  it('are 6, 3 and 1 calendar months before the day after its last valid day, then that day', () => {
    expect(expiryMilestones('2027-08-31')).toEqual([
      { step: 0, kind: 'reminder', at: '2027-03-01T00:00:00.000Z' },
      { step: 1, kind: 'reminder', at: '2027-06-01T00:00:00.000Z' },
      { step: 2, kind: 'reminder', at: '2027-08-01T00:00:00.000Z' },
      { step: 3, kind: 'expiry', at: '2027-09-01T00:00:00.000Z' },
    ]);
  });

  it('follow the policy’s durations when it gives them, in time order', () => {
    const milestones = expiryMilestones('2027-01-10', [1000, 60_000]);
    expect(milestones.map((m) => m.at)).toEqual([
      '2027-01-10T23:59:00.000Z',
      '2027-01-10T23:59:59.000Z',
      '2027-01-11T00:00:00.000Z',
    ]);
  });
});

describe('the milestone told now', () => {
  const milestones = expiryMilestones('2027-08-31');

  it('is none before the first reminder, then each in turn, never one already told', () => {
    expect(dueMilestone(milestones, -1, new Date('2027-02-28T23:00:00Z'))).toBeNull();
    expect(dueMilestone(milestones, -1, new Date('2027-03-01T00:00:00Z'))?.step).toBe(0);
    expect(dueMilestone(milestones, 0, new Date('2027-03-02T00:00:00Z'))).toBeNull();
    expect(dueMilestone(milestones, 0, new Date('2027-06-01T00:00:00Z'))?.step).toBe(1);
    expect(dueMilestone(milestones, 2, new Date('2027-09-01T00:00:00Z'))?.kind).toBe('expiry');
    expect(dueMilestone(milestones, 3, new Date('2028-01-01T00:00:00Z'))).toBeNull();
  });

  it('is the latest one passed when several passed unseen: an expired agrément is not told it has months left', () => {
    expect(dueMilestone(milestones, -1, new Date('2027-07-15T00:00:00Z'))?.step).toBe(1);
    expect(dueMilestone(milestones, -1, new Date('2027-12-01T00:00:00Z'))?.kind).toBe('expiry');
  });

  it('is followed by the next one to wait for', () => {
    expect(nextMilestone(milestones, new Date('2027-03-01T00:00:00Z'))?.step).toBe(1);
    expect(nextMilestone(milestones, new Date('2027-09-01T00:00:00Z'))).toBeNull();
  });
});

describe('her page’s renewal notice', () => {
  it('shows from 6 months before the expiry until it, not before nor after', () => {
    expect(renewalDue('2027-08-31', new Date('2027-02-28T12:00:00Z'))).toBe(false);
    expect(renewalDue('2027-08-31', new Date('2027-03-01T00:00:00Z'))).toBe(true);
    expect(renewalDue('2027-08-31', new Date('2027-08-31T23:59:59Z'))).toBe(true);
    expect(renewalDue('2027-08-31', new Date('2027-09-01T00:00:00Z'))).toBe(false);
    expect(renewalDue(null, new Date('2027-08-31T00:00:00Z'))).toBe(false);
  });
});
