/**
 * The départements' notifications as rules: what each may say, how one finds her, what it does to
 * her agrément's standing, and the one publication rule that reads that standing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agrementState,
  identityAgrees,
  IN_GOOD_STANDING,
  notificationEffect,
  notificationViolation,
  type AgrementStanding,
  type DepartementNotification,
} from '../../domain/agrement-notifications.ts';
import { notificationSchema } from '../../domain/agrement-notification-form.ts';
import { CSV_HEADER, parseNotificationCsv } from '../../domain/agrement-notification-csv.ts';
import { isPublishable } from '../../domain/publishable.ts';

const base = {
  reference: 'PMI-69-0001',
  agrementNumber: 'AG-69-1',
  birthName: 'DUPONT',
  birthDate: '1985-03-14',
  effectiveDate: '2027-01-01',
  reason: 'enquete',
};
const notification = (over: Record<string, unknown>): DepartementNotification =>
  notificationSchema.parse({ kind: 'suspension', endDate: '2027-02-28', ...base, ...over });

const at = (iso: string) => new Date(iso);

describe('what a notification may say', () => {
  it('refuses a suspension beyond 4 months, and accepts one of exactly 4 months', () => {
    expect(notificationViolation(notification({ endDate: '2027-04-30' }))).toBeNull();
    expect(notificationViolation(notification({ endDate: '2027-05-01' }))).toBe('suspension_too_long');
    expect(notificationViolation(notification({ endDate: '2026-12-31' }))).toBe(
      'suspension_ends_before_start',
    );
    expect(notificationViolation(notification({ endDate: null }))).toBe('missing_end_date');
  });

  it('takes only the reasons of its kind, and the data each kind needs', () => {
    expect(notificationViolation(notification({ reason: 'renouvellement' }))).toBe('unknown_reason');
    expect(notificationViolation(notification({ kind: 'renewal', reason: 'renouvellement' }))).toBe(
      'missing_expiry_date',
    );
    expect(notificationViolation(notification({ kind: 'modification', reason: 'decision_pmi' }))).toBe(
      'missing_modification',
    );
    expect(
      notificationSchema.safeParse({ ...base, kind: 'suspension', effectiveDate: '01/01/2027' }).success,
    ).toBe(false);
  });
});

describe('how a notification finds her', () => {
  const her = { birthName: 'Dupont-Hérault', birthDate: { year: 1985, month: 3, day: 14 } };
  it('agrees on her birth name whatever the accents, hyphens or case, and on her birth date', () => {
    expect(identityAgrees(her, { birthName: 'DUPONT HERAULT', birthDate: '1985-03-14' })).toBe(true);
    expect(identityAgrees(her, { birthName: 'DUPONT', birthDate: '1985-03-14' })).toBe(false);
    expect(identityAgrees(her, { birthName: 'DUPONT HERAULT', birthDate: '1985-03-15' })).toBe(false);
  });
  it('compares only the parts of her birth date her record knows', () => {
    const unknownDay = { ...her, birthDate: { year: 1985, month: 3, day: null } };
    expect(identityAgrees(unknownDay, { birthName: 'Dupont-Herault', birthDate: '1985-03-01' })).toBe(true);
  });
});

describe('what each notification does to her standing', () => {
  it('suspends her from the effective day to the day after the last one, then she is in force again', () => {
    const effect = notificationEffect(IN_GOOD_STANDING, notification({}));
    if (!('kind' in effect) || effect.kind !== 'standing')
      throw new Error('une suspension change sa situation');
    const s = effect.standing;
    expect(agrementState(s, '2030-01-01', at('2026-12-31T23:59:59Z'))).toBe('in_force');
    expect(agrementState(s, '2030-01-01', at('2027-01-01T00:00:00Z'))).toBe('suspended');
    expect(agrementState(s, '2030-01-01', at('2027-02-28T23:59:59Z'))).toBe('suspended');
    expect(agrementState(s, '2030-01-01', at('2027-03-01T00:00:00Z'))).toBe('in_force');
  });

  it('lifts a suspension early; a withdrawal in between keeps her out for good', () => {
    const suspended = (
      notificationEffect(IN_GOOD_STANDING, notification({})) as { standing: AgrementStanding }
    ).standing;
    const lifted = notificationEffect(
      suspended,
      notification({ kind: 'lifting', reason: 'fin_anticipee', effectiveDate: '2027-01-15' }),
    );
    expect(
      agrementState((lifted as { standing: AgrementStanding }).standing, null, at('2027-01-16T00:00:00Z')),
    ).toBe('in_force');
    const withdrawn = (
      notificationEffect(
        suspended,
        notification({ kind: 'withdrawal', reason: 'avis_commission', effectiveDate: '2027-02-01' }),
      ) as {
        standing: AgrementStanding;
      }
    ).standing;
    expect(agrementState(withdrawn, null, at('2027-03-02T00:00:00Z'))).toBe('withdrawn');
    expect(notificationEffect(withdrawn, notification({}))).toEqual({ refused: 'already_withdrawn' });
    expect(
      notificationEffect(IN_GOOD_STANDING, notification({ kind: 'lifting', reason: 'fin_anticipee' })),
    ).toEqual({
      refused: 'no_suspension',
    });
  });

  it('renews or modifies her agrément’s data; a new agrément changes nothing', () => {
    expect(
      notificationEffect(
        IN_GOOD_STANDING,
        notification({ kind: 'renewal', reason: 'renouvellement', expiryDate: '2032-08-31' }),
      ),
    ).toEqual({ kind: 'agrement', changes: { expiryDate: '2032-08-31' } });
    expect(
      notificationEffect(
        IN_GOOD_STANDING,
        notification({ kind: 'modification', reason: 'decision_pmi', capacity: 2 }),
      ),
    ).toEqual({ kind: 'agrement', changes: { capacity: 2 } });
    expect(
      notificationEffect(
        IN_GOOD_STANDING,
        notification({ kind: 'new_agrement', reason: 'premier_agrement' }),
      ),
    ).toEqual({
      kind: 'none',
    });
  });
});

describe('the one publication rule', () => {
  const now = at('2027-01-10T12:00:00Z');
  const suspended: AgrementStanding = {
    suspendedFrom: '2027-01-01T00:00:00.000Z',
    suspendedUntil: '2027-03-01T00:00:00.000Z',
    withdrawnFrom: null,
  };
  it('never publishes a suspended, withdrawn or expired agrément', () => {
    expect(isPublishable({ caseStatus: 'active', expiryDate: '2030-01-01' }, now)).toBe(true);
    expect(isPublishable({ caseStatus: 'active', standing: suspended, expiryDate: '2030-01-01' }, now)).toBe(
      false,
    );
    expect(
      isPublishable(
        {
          caseStatus: 'active',
          standing: { ...IN_GOOD_STANDING, withdrawnFrom: '2027-01-05T00:00:00.000Z' },
        },
        now,
      ),
    ).toBe(false);
    expect(isPublishable({ caseStatus: 'active', expiryDate: '2027-01-09' }, now)).toBe(false);
    expect(isPublishable({ caseStatus: 'active', expiryDate: '2027-01-10' }, now)).toBe(true);
  });

  it('is moved by nothing but a notification: however many declarations she misses, her standing is the départements’', () => {
    // The rule's input has no declaration in it: a childminder with any record of missed deadlines
    // and the same standing is published, or not, exactly alike.
    fc.assert(
      fc.property(fc.nat(40), fc.boolean(), (misses, overdue) => {
        const state = {
          caseStatus: 'active' as const,
          expiryDate: '2030-01-01',
          consecutiveMisses: misses,
          overdue,
        };
        return (
          isPublishable(state, now) === isPublishable({ caseStatus: 'active', expiryDate: '2030-01-01' }, now)
        );
      }),
    );
  });

  it('has one writer of her standing: the module that applies a département’s notification', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const writers: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (['node_modules', 'tests', '.svelte-kit', 'build', '.data'].includes(name) || name.startsWith('.'))
          continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (
          /\.(ts|svelte)$/.test(name) &&
          /agrement_standing['"`]\)?\s*\.(insert|update|delete|where\([^)]*\)\s*\.(update|delete))|into agrement_standing|update agrement_standing/.test(
            readFileSync(full, 'utf8'),
          )
        )
          writers.push(path.relative(root, full));
      }
    };
    for (const dir of ['api', 'activities', 'workflows', 'worker', 'domain', 'stack', 'infra', 'ui/src'])
      walk(path.join(root, dir));
    expect(writers).toEqual(['api/departements/standing.ts']);
  });
});

describe('the batch file', () => {
  it('reads French spreadsheet lines under the documented header, and says which line is wrong', () => {
    const csv = `\uFEFF${CSV_HEADER}\r\nPMI-1;suspension;AG-69-1;Dupont;14/03/1985;01/01/2027;28/02/2027;enquete;;;\r\nPMI-2;congé;AG-69-1;Dupont;14/03/1985;01/01/2027;;autre;;;\r\n\r\nPMI-3;renouvellement;AG-69-1;"Dupont; dite ""Cam""";1985-03-14;2027-01-01;;renouvellement;31/08/2032;;\n`;
    const parsed = parseNotificationCsv(csv);
    if ('fileError' in parsed) throw new Error(parsed.fileError);
    expect(parsed.lines).toHaveLength(3);
    expect(parsed.lines[0]).toMatchObject({
      line: 2,
      input: { kind: 'suspension', birthDate: '1985-03-14', endDate: '2027-02-28' },
    });
    expect(parsed.lines[1]).toMatchObject({ line: 3, error: expect.stringContaining('Type inconnu') });
    expect(parsed.lines[2]).toMatchObject({
      line: 5,
      input: { birthName: 'Dupont; dite "Cam"', expiryDate: '2032-08-31' },
    });
    expect(parseNotificationCsv('reference,type\n')).toHaveProperty('fileError');
  });
});
