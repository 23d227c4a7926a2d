/** Working days: national public holidays everywhere, and Alsace-Moselle's two more in 57, 67 and 68. */
import { describe, expect, it } from 'vitest';
import { moderationDueAt } from '../../domain/moderation-policy.ts';
import { officeDepartement, officeIdForDepartement } from '../../domain/offices.ts';
import {
  ALSACE_MOSELLE_DEPARTEMENTS,
  addWorkingDays,
  frenchPublicHolidays,
  workingDaysBetween,
} from '../../domain/working-days.ts';

describe('public holidays', () => {
  it('are the eleven national ones, Easter-based dates included', () => {
    const holidays = frenchPublicHolidays(2026);
    expect([...holidays].sort()).toEqual([
      '2026-01-01',
      '2026-04-06', // lundi de Pâques
      '2026-05-01',
      '2026-05-08',
      '2026-05-14', // Ascension
      '2026-05-25', // lundi de Pentecôte
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
    for (const [year, easterMonday] of [
      [2024, '2024-04-01'],
      [2025, '2025-04-21'],
      [2027, '2027-03-29'],
      [2030, '2030-04-22'],
    ] as const)
      expect(frenchPublicHolidays(year)).toContain(easterMonday);
  });

  it('add Good Friday and 26 December in Moselle, Bas-Rhin and Haut-Rhin only', () => {
    expect(ALSACE_MOSELLE_DEPARTEMENTS).toEqual(['57', '67', '68']);
    for (const departement of ALSACE_MOSELLE_DEPARTEMENTS) {
      const holidays = frenchPublicHolidays(2026, { departement });
      expect(holidays.size).toBe(13);
      expect(holidays).toContain('2026-04-03'); // Vendredi saint
      expect(holidays).toContain('2026-12-26'); // Saint-Étienne
    }
    expect(frenchPublicHolidays(2026, { departement: '69' })).not.toContain('2026-04-03');
  });
});

describe('working days', () => {
  it('skip weekends and holidays', () => {
    expect(addWorkingDays(new Date('2026-12-24T09:00:00Z'), 1).toISOString()).toBe(
      '2026-12-28T09:00:00.000Z',
    );
    expect(workingDaysBetween(new Date('2026-04-02T10:00:00Z'), new Date('2026-04-08T10:00:00Z'))).toBe(3);
  });

  it('count one day fewer over Good Friday in Strasbourg than in Lyon', () => {
    const thursday = new Date('2026-04-02T10:00:00Z');
    expect(addWorkingDays(thursday, 2, { departement: '69' }).toISOString()).toBe('2026-04-07T10:00:00.000Z');
    expect(addWorkingDays(thursday, 2, { departement: '67' }).toISOString()).toBe('2026-04-08T10:00:00.000Z');
  });

  it('of an office are those of its département, for its due dates', () => {
    expect(officeDepartement(officeIdForDepartement('67'))).toBe('67');
    expect(officeDepartement('caf-2a')).toBe('2A');
    expect(officeDepartement('another')).toBeNull();
    const friday = new Date('2026-12-25T08:00:00Z');
    const strasbourg = moderationDueAt(friday, 1, undefined, { departement: officeDepartement('caf-67') });
    const lyon = moderationDueAt(friday, 1, undefined, { departement: officeDepartement('caf-69') });
    expect(lyon.toISOString()).toBe('2026-12-28T08:00:00.000Z');
    expect(strasbourg.toISOString()).toBe('2026-12-28T08:00:00.000Z'); // 26 December is a Saturday in 2026
    const christmasEve = new Date('2027-12-24T08:00:00Z'); // a Friday; 27-12 is Monday either way
    expect(moderationDueAt(christmasEve, 1, undefined, { departement: '57' }).toISOString()).toBe(
      '2027-12-27T08:00:00.000Z',
    );
    const thursday2027 = new Date('2027-03-25T08:00:00Z'); // Good Friday 2027 is 26 March
    expect(moderationDueAt(thursday2027, 1, undefined, { departement: '68' }).toISOString()).toBe(
      '2027-03-30T08:00:00.000Z', // Friday 26 (Good Friday) and Monday 29 (Easter Monday) skipped
    );
    expect(moderationDueAt(thursday2027, 1).toISOString()).toBe('2027-03-26T08:00:00.000Z');
  });
});
