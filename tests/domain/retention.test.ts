/** How long her data is kept, what a closure keeps, and durations read from configuration. */
import { describe, expect, it } from 'vitest';
import {
  ceasedPurgeAt,
  closureExplanation,
  closureKeeps,
  DEFAULT_RETENTION_POLICY as policy,
  draftDeletionAt,
  draftWarningAt,
  expiredAgrementPurgeAt,
  expiredAgrementPurgeStands,
  frenchDuration,
  rejectedPurgeAt,
  retentionRules,
} from '../../domain/retention.ts';
import { readRetentionPolicy } from '../../infra/config.ts';

const DAY = 86_400_000;

describe('the retention policy', () => {
  it('purges an agrément expired and never renewed two years after its expiry, unless renewed first', () => {
    // Its last valid day is 31 August: it expires at the start of 1 September.
    expect(expiredAgrementPurgeAt('2026-08-31', policy).toISOString()).toBe('2028-08-31T00:00:00.000Z');
    const after = new Date('2028-09-01T00:00:00Z');
    expect(expiredAgrementPurgeStands('2026-08-31', '2026-08-31', after)).toBe(true);
    expect(expiredAgrementPurgeStands('2026-08-31', '2031-08-31', after)).toBe(false);
    expect(expiredAgrementPurgeStands('2026-08-31', null, after)).toBe(false);
    // Never before the expiry itself, whatever the period.
    expect(expiredAgrementPurgeStands('2026-08-31', '2026-08-31', new Date('2026-08-31T23:00:00Z'))).toBe(
      false,
    );
  });

  it('deletes an abandoned draft six months after her last change, warning her a month before', () => {
    expect(draftDeletionAt('2026-01-01T00:00:00Z', policy).toISOString()).toBe('2026-07-03T00:00:00.000Z');
    expect(draftWarningAt('2026-01-01T00:00:00Z', policy).toISOString()).toBe('2026-06-03T00:00:00.000Z');
  });

  it('purges a rejected case after the two months of the appeal period, a ceased one after two years', () => {
    expect(rejectedPurgeAt('2026-03-01T00:00:00Z', policy).toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(ceasedPurgeAt('2026-03-01T00:00:00Z', policy).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });

  it('says its durations in French words', () => {
    expect(frenchDuration(183 * DAY)).toBe('6 mois');
    expect(frenchDuration(61 * DAY)).toBe('2 mois');
    expect(frenchDuration(730 * DAY)).toBe('2 ans');
    expect(frenchDuration(1826 * DAY)).toBe('5 ans');
    expect(frenchDuration(10 * DAY)).toBe('10 jours');
    expect(frenchDuration(3000)).toBe('3 secondes');
    expect(retentionRules()[2]!.period).toBe('2 mois après la décision, le délai de recours');
  });
});

describe('closing her account', () => {
  it('keeps nothing of a draft, a rejected case until the appeal ends, a submitted one for the legal period', () => {
    expect(closureKeeps(null)).toBe('nothing');
    expect(closureKeeps('draft')).toBe('nothing');
    expect(closureKeeps('rejected')).toBe('case_until_appeal');
    expect(closureKeeps('in_moderation')).toBe('case_for_legal_period');
    expect(closureKeeps('active')).toBe('case_for_legal_period');
  });

  it('tells her why, in French, the audit log always kept', () => {
    expect(closureExplanation('nothing', policy).join(' ')).toMatch(/brouillon .* supprimés.*journal.*5 ans/);
    expect(closureExplanation('case_until_appeal', policy)[1]).toMatch(/délai de recours, 2 mois/);
    expect(closureExplanation('case_for_legal_period', policy)[1]).toMatch(/2 ans après la fermeture/);
  });
});

describe('retention durations from configuration', () => {
  it('reads days, keeps the defaults otherwise, and refuses a warning after the deletion', () => {
    const read = readRetentionPolicy({ RETENTION_DRAFT_DAYS: '90', RETENTION_REJECTED_DAYS: '0.5' });
    expect(read.draftInactivityMs).toBe(90 * DAY);
    expect(read.rejectedAppealMs).toBe(DAY / 2);
    expect(read.ceasedKeptMs).toBe(policy.ceasedKeptMs);
    expect(() => readRetentionPolicy({ RETENTION_DRAFT_DAYS: '20' })).toThrow(/RETENTION_DRAFT_WARNING_DAYS/);
    expect(() => readRetentionPolicy({ RETENTION_CEASED_DAYS: 'deux' })).toThrow(/RETENTION_CEASED_DAYS/);
  });
});
