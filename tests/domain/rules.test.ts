/** The rules of the trade written in domain/: publication, capacity, routing, deadlines, case rules. */
import { describe, expect, it } from 'vitest';
import { capacityIssues, isAgrementValidOn } from '../../domain/agrement.ts';
import { declarationStatus, nextDeclarationDeadline } from '../../domain/availability.ts';
import {
  assignViolation,
  attachDocumentViolation,
  claimViolation,
  decideViolation,
  reassignViolation,
  releaseViolation,
  submitViolation,
  type Actor,
  type CaseSnapshot,
} from '../../domain/case-rules.ts';
import { DEPARTEMENTS } from '../../domain/geography.ts';
import { publicContact, publicationViolations } from '../../domain/publication.ts';
import { defaultOffices, defaultRouting, unroutedDepartements } from '../../domain/routing.ts';

describe('publication choices (CASF R. 421-39)', () => {
  const all = { showAddress: true, showPhone: true, showEmail: true };

  it('let a childminder at home hide her address, and her phone or her email', () => {
    expect(publicationViolations('home', { ...all, showAddress: false })).toEqual([]);
    expect(publicationViolations('home', { ...all, showPhone: false })).toEqual([]);
    expect(publicationViolations('home', { ...all, showEmail: false })).toEqual([]);
  });

  it('never let her hide both phone and email', () => {
    expect(
      publicationViolations('home', { ...all, showPhone: false, showEmail: false }).map((v) => v.code),
    ).toEqual(['one_contact_public']);
  });

  it('keep a MAM’s address public', () => {
    expect(publicationViolations('mam', { ...all, showAddress: false }).map((v) => v.code)).toEqual([
      'mam_address_public',
    ]);
  });

  it('publish her name always, and leave hidden fields out entirely', () => {
    const contact = publicContact({
      firstName: 'Camille',
      lastName: 'DUPONT',
      workplace: 'home',
      mamName: null,
      address: { line1: '12 rue X', line2: null, postalCode: '69003', communeName: 'Lyon' },
      phone: '06 12 34 56 78',
      email: 'c@exemple.test',
      publication: { showAddress: false, showPhone: true, showEmail: false },
    });
    expect(contact).toMatchObject({
      name: 'Camille DUPONT',
      address: null,
      email: null,
      phone: '06 12 34 56 78',
      commune: 'Lyon',
    });
  });
});

describe('agrément capacity', () => {
  it('allows up to 4 children at the same time', () => {
    expect(capacityIssues({ simultaneous: 4, exception: false })).toEqual([]);
    expect(capacityIssues({ simultaneous: 5, exception: false }).map((i) => i.code)).toEqual([
      'capacity_above_limit',
    ]);
  });

  it('allows more only with an explicit exception flag, and never more than 6', () => {
    expect(capacityIssues({ simultaneous: 5, exception: true })).toEqual([]);
    expect(capacityIssues({ simultaneous: 7, exception: true }).map((i) => i.code)).toEqual([
      'capacity_implausible',
    ]);
    expect(capacityIssues({ simultaneous: 0, exception: false }).map((i) => i.code)).toEqual([
      'capacity_not_positive',
    ]);
  });

  it('is valid until its declared expiry date, included', () => {
    expect(isAgrementValidOn('2027-05-31', '2027-05-31')).toBe(true);
    expect(isAgrementValidOn('2027-05-31', '2027-06-01')).toBe(false);
  });
});

describe('routing to pivot offices', () => {
  it('covers every served département of France, Corsica and overseas included', () => {
    const routing = defaultRouting();
    expect(unroutedDepartements(routing)).toEqual([]);
    expect(DEPARTEMENTS.length).toBe(103);
    expect(routing.get('2A')).toBe('caf-2a');
    expect(routing.get('2B')).toBe('caf-2a');
    expect(routing.get('69')).toBe('caf-69');
    expect(routing.get('01')).toBe('caf-69');
    expect(routing.get('977')).toBe('caf-971');
  });

  it('routes only to existing offices', () => {
    const offices = new Set(defaultOffices().map((o) => o.id));
    for (const office of defaultRouting().values()) expect(offices.has(office)).toBe(true);
  });
});

describe('availability declarations (before 1 June and 1 December)', () => {
  it('names the next deadline', () => {
    expect(nextDeclarationDeadline('2026-11-27')).toBe('2026-12-01');
    expect(nextDeclarationDeadline('2026-12-01')).toBe('2027-06-01');
    expect(nextDeclarationDeadline('2027-01-15')).toBe('2027-06-01');
  });

  it('counts a declaration made since the previous deadline', () => {
    expect(declarationStatus('2026-06-15', 'available', '2026-11-27').state).toBe('up_to_date');
    expect(declarationStatus('2026-05-20', 'available', '2026-11-27').state).toBe('due');
  });

  it('marks a missed deadline as overdue, and lifts the duty while unavailable', () => {
    expect(declarationStatus('2026-05-20', 'available', '2026-12-02')).toMatchObject({
      state: 'overdue',
      missedDeadline: '2026-12-01',
    });
    expect(declarationStatus(null, 'full', '2026-12-02').state).toBe('overdue');
    expect(declarationStatus('2020-01-01', 'unavailable', '2026-12-02').state).toBe('exempt');
  });
});

describe('case rules', () => {
  const owner: Actor = { userId: 'u1', role: 'childminder', officeIds: [] };
  const moderator: Actor = { userId: 'm1', role: 'moderator', officeIds: ['caf-69'] };
  const kase: CaseSnapshot = {
    status: 'in_moderation',
    ownerId: 'u1',
    officeId: 'caf-69',
    holderId: null,
    decisionPending: false,
  };

  it('let only the owner submit her draft, once', () => {
    expect(submitViolation({ ...kase, status: 'draft' }, owner)).toBeNull();
    expect(submitViolation({ ...kase, status: 'draft' }, { ...owner, userId: 'u2' })).toBe('not_owner');
    expect(submitViolation(kase, owner)).toBe('not_draft');
  });

  it('let only the moderator holding the case decide, while it waits for a decision', () => {
    expect(decideViolation({ ...kase, holderId: 'm1' }, moderator)).toBeNull();
    expect(decideViolation(kase, moderator)).toBe('not_holder');
    expect(decideViolation({ ...kase, holderId: 'm2' }, moderator)).toBe('not_holder');
    expect(decideViolation(kase, { ...moderator, officeIds: ['caf-75'] })).toBe('wrong_office');
    expect(decideViolation(kase, owner)).toBe('not_staff');
    expect(decideViolation({ ...kase, status: 'active' }, moderator)).toBe('not_in_moderation');
    expect(decideViolation({ ...kase, decisionPending: true }, moderator)).toBe('decision_in_progress');
  });

  it('let a moderator of the office claim an unheld case, and nobody else', () => {
    expect(claimViolation(kase, moderator)).toBeNull();
    expect(claimViolation({ ...kase, holderId: 'm1' }, moderator)).toBeNull();
    expect(claimViolation({ ...kase, holderId: 'm2' }, moderator)).toBe('held_by_other');
    expect(claimViolation(kase, { ...moderator, officeIds: ['caf-75'] })).toBe('wrong_office');
  });

  it('let a supervisor of both offices move an open case, never a closed one', () => {
    const supervisor: Actor = { userId: 's1', role: 'supervisor', officeIds: ['caf-69', 'caf-75'] };
    expect(reassignViolation(kase, supervisor, 'caf-75')).toBeNull();
    expect(reassignViolation(kase, supervisor, 'caf-69')).toBe('same_office');
    expect(reassignViolation(kase, supervisor, 'caf-13')).toBe('wrong_office');
    expect(reassignViolation(kase, moderator, 'caf-75')).toBe('not_supervisor');
    expect(reassignViolation({ ...kase, status: 'active' }, supervisor, 'caf-75')).toBe('case_closed');
    expect(assignViolation(kase, supervisor, 'caf-75')).toBe('assignee_other_office');
    expect(releaseViolation({ ...kase, holderId: 'm2' }, moderator)).toBe('not_holder');
    expect(releaseViolation({ ...kase, holderId: 'm2' }, supervisor)).toBeNull();
  });

  it('let her add documents until the case is decided', () => {
    expect(attachDocumentViolation(kase, owner)).toBeNull();
    expect(attachDocumentViolation({ ...kase, status: 'rejected' }, owner)).toBe('case_closed');
  });
});
