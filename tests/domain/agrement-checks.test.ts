/** The moderator's automatic checks of an agrément judge the one her decision would make hers. */
import { describe, expect, it } from 'vitest';
import { agrementFacts, agrementUnderDecision } from '../../domain/agrement-checks.ts';
import type { Agrement } from '../../domain/registration.ts';

const verified: Agrement = {
  number: 'AG-69-1',
  decisionDate: '2021-09-01',
  expiryDate: '2026-08-31',
  departement: '69',
  capacity: 3,
  capacityException: false,
  workplace: 'home',
  mamName: null,
};
const today = '2026-12-02';
const levels = (facts: ReturnType<typeof agrementFacts>) => facts.map((f) => [f.code, f.level]);

describe('the agrément under decision', () => {
  it('is the one a waiting change of her agrément proposes, else her verified one', () => {
    const renewed = { ...verified, expiryDate: '2031-08-31' };
    expect(agrementUnderDecision(verified, { section: 'agrement', value: renewed })).toEqual({
      agrement: renewed,
      proposed: true,
    });
    expect(agrementUnderDecision(verified, { section: 'contact', value: {} })).toEqual({
      agrement: verified,
      proposed: false,
    });
    expect(agrementUnderDecision(verified, null)).toEqual({ agrement: verified, proposed: false });
    expect(agrementUnderDecision(null, null)).toBeNull();
  });

  it('an expired agrément renewed by the change is no problem; a proposed date already past still is', () => {
    const expired = agrementFacts({ agrement: verified, proposed: false }, today);
    expect(levels(expired)).toEqual([
      ['agrement_validity', 'problem'],
      ['capacity', 'ok'],
    ]);
    expect(expired[0]!.detail).toBe('Expiré depuis le 31 août 2026.');
    const renewed = agrementFacts(
      { agrement: { ...verified, expiryDate: '2031-08-31' }, proposed: true },
      today,
    );
    expect(levels(renewed)[0]).toEqual(['agrement_validity', 'ok']);
    expect(renewed[0]!.detail).toBe('Valide jusqu’au 31 août 2031, selon la modification proposée.');
    const past = agrementFacts(
      { agrement: { ...verified, expiryDate: '2026-11-30' }, proposed: true },
      today,
    );
    expect(levels(past)[0]).toEqual(['agrement_validity', 'problem']);
    // Its last valid day is today: still valid.
    const lastDay = agrementFacts({ agrement: { ...verified, expiryDate: today }, proposed: true }, today);
    expect(lastDay[0]!.level).toBe('ok');
  });

  it('a proposed capacity with an exception is to check on the attestation', () => {
    const facts = agrementFacts(
      { agrement: { ...verified, capacity: 5, capacityException: true }, proposed: true },
      today,
    );
    expect(facts[1]).toMatchObject({ code: 'capacity', level: 'warning' });
    expect(facts[1]!.detail).toContain('selon la modification proposée');
  });
});
