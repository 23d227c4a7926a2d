/** The graduated response to missed declarations: when the département sees her, and what may follow. */
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../domain/agrement-notifications.ts';
import {
  DEFAULT_MISSED_DECLARATION_POLICY as policy,
  departementCutoff,
  departementSeesFrom,
  MISSED_DECLARATION_STEPS,
  missStage,
  possibleSteps,
  referralRefusal,
  referralSchema,
} from '../../domain/missed-declarations.ts';
import { readMissedDeclarationPolicy } from '../../infra/config.ts';

const DAY = 86_400_000;
const referral = (referredOn: string) => referralSchema.parse({ referredOn });

describe('missed declarations', () => {
  it('reach her département a month after the deadline by default, at the configured delay otherwise', () => {
    expect(departementSeesFrom('2026-05-31T22:00:00Z', policy).toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
    expect(departementCutoff(new Date('2026-07-01T00:00:00Z'), policy).toISOString()).toBe(
      '2026-06-01T00:00:00.000Z',
    );
    expect(
      readMissedDeclarationPolicy({ MISSED_DECLARATION_DEPARTEMENT_DAYS: '45' }).departementAfterMs,
    ).toBe(45 * DAY);
    expect(readMissedDeclarationPolicy({ MISSED_DECLARATION_DEPARTEMENT_DAYS: '0' }).departementAfterMs).toBe(
      0,
    );
    expect(readMissedDeclarationPolicy({}).departementAfterMs).toBe(30 * DAY);
    expect(() => readMissedDeclarationPolicy({ MISSED_DECLARATION_DEPARTEMENT_DAYS: '-1' })).toThrow(
      /MISSED_DECLARATION_DEPARTEMENT_DAYS/,
    );
  });

  it('a first miss can only bring a warning: no referral to the commission', () => {
    expect(missStage(1)).toBe('first_miss');
    expect(possibleSteps(1)).not.toContain('commission_referral');
    expect(possibleSteps(2)).toContain('commission_referral');
    expect(referralRefusal({ consecutiveMisses: 1 }, referral('2026-06-10'), new Date('2026-07-01'))).toBe(
      'first_miss_warning_only',
    );
    expect(
      referralRefusal({ consecutiveMisses: 2 }, referral('2026-06-10'), new Date('2026-07-01')),
    ).toBeNull();
    expect(referralRefusal(null, referral('2026-06-10'))).toBe('not_missed');
    const run = { consecutiveMisses: 2, missedDeadlines: [new Date('2025-11-30T23:00:00Z')] };
    expect(referralRefusal(run, referral('2025-11-30'), new Date('2026-07-01'))).toBe('referred_before_miss');
    expect(referralRefusal(run, referral('2025-12-01'), new Date('2026-07-01'))).toBeNull();
    expect(referralRefusal(run, referral('0000-01-01'), new Date('2026-07-01'))).toBe('referred_before_miss');
    expect(
      referralRefusal({ consecutiveMisses: 3 }, referral('2026-07-02'), new Date('2026-07-01T12:00Z')),
    ).toBe('referred_in_future');
  });

  it('never suspends nor withdraws: no step of the response is an agrément notification', () => {
    const steps = Object.keys(MISSED_DECLARATION_STEPS);
    for (let misses = 0; misses <= 12; misses++)
      for (const step of possibleSteps(misses)) expect(steps).toContain(step);
    expect(steps.filter((step) => (NOTIFICATION_KINDS as readonly string[]).includes(step))).toEqual([]);
    expect(steps.join(' ')).not.toMatch(/suspen|withdraw|retrait/);
  });
});
