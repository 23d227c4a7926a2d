/**
 * After activation: her profile changes (applied to the verified data at once, or once approved),
 * the office that checks a change, and where she stands on her availability declarations.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { AvailabilityStatus } from '../domain/availability.ts';
import { identityColumns } from '../infra/sealed-nir.ts';
import type { ActivityDeps } from './index.ts';
import { indexDeclaration } from './search-index.ts';
import type { ChangeRoute, DeclarationRecord } from './types.ts';

export function lifecycleActivities({ db, keys }: ActivityDeps) {
  return {
    /** Copies a change to her verified data (a change that applies at once, or an approved one). Idempotent. */
    async applyProfileChange(changeId: string): Promise<void> {
      await db.transaction(async (trx) => {
        const change = await trx('profile_changes').where({ id: changeId }).forUpdate().first();
        if (!change)
          throw ApplicationFailure.nonRetryable(`Modification ${changeId} inconnue`, 'unknown_change');
        if (change.status === 'applied' || change.status === 'approved') return;
        if (change.status !== 'proposed' && change.status !== 'pending') {
          throw ApplicationFailure.nonRetryable(`Modification ${changeId} close`, 'change_closed');
        }
        // An identity change carries her NIR sealed: its blind index goes with it.
        const columns =
          change.section === 'identity'
            ? identityColumns(keys, change.value, change.registration_id)
            : { [change.section]: JSON.stringify(change.value) };
        await trx('registrations')
          .where({ id: change.registration_id })
          .update({ ...columns, updated_at: trx.fn.now() });
        await trx('profile_changes')
          .where({ id: changeId })
          .update({ status: change.status === 'pending' ? 'approved' : 'applied', decided_at: trx.fn.now() });
      });
    },

    /** Puts a change in front of the pivot CAF of its département; returns which office. Idempotent. */
    async routeProfileChange(changeId: string): Promise<ChangeRoute> {
      const route = await db('profile_changes as pc')
        .join('routing as rt', 'rt.departement_code', 'pc.departement')
        .join('offices as o', 'o.id', 'rt.office_id')
        .where('pc.id', changeId)
        .first<ChangeRoute | undefined>('o.id as officeId', 'o.target_working_days as targetWorkingDays');
      // A missing route is a configuration error: fail (and retry) until a supervisor fixes the table.
      if (!route)
        throw ApplicationFailure.retryable(`Aucune CAF pivot pour la modification ${changeId}`, 'no_route');
      await db('profile_changes').where({ id: changeId, status: 'proposed' }).update({ status: 'pending' });
      return route;
    },

    /** Drops a change the moderator refused or sent back, with her message; verified data stays. */
    async closeProfileChange(closing: {
      changeId: string;
      outcome: 'refused' | 'correction_requested';
      messageId: string | null;
    }): Promise<void> {
      await db('profile_changes')
        .where({ id: closing.changeId })
        .whereIn('status', ['proposed', 'pending'])
        .update({ status: closing.outcome, message_id: closing.messageId, decided_at: db.fn.now() });
    },

    /** Her availability status as verified at activation. */
    async availabilityStatusOf(registrationId: string): Promise<AvailabilityStatus> {
      const row = await db('registrations').where({ id: registrationId }).first('availability');
      return row?.availability?.status ?? 'available';
    },

    /** Her agrément's last valid day as it stands now (a renewal moves it), or null. */
    async agrementExpiryOf(registrationId: string): Promise<string | null> {
      const row = await db('registrations').where({ id: registrationId }).first('agrement');
      const expiry: unknown = row?.agrement?.expiryDate;
      return typeof expiry === 'string' ? expiry : null;
    },

    /** Writes where she stands on her declarations, and a settled deadline for staff. Idempotent. */
    async recordDeclaration(record: DeclarationRecord): Promise<void> {
      const row = {
        availability_status: record.availabilityStatus,
        last_declared_at: record.lastDeclaredAt,
        next_deadline: record.nextDeadline,
        overdue_deadline: record.overdueDeadline,
        consecutive_misses: record.consecutiveMisses,
        updated_at: db.fn.now(),
      };
      await db.transaction(async (trx) => {
        await trx('declaration_status')
          .insert({ registration_id: record.registrationId, ...row })
          .onConflict('registration_id')
          .merge(row);
        if (record.settled) {
          await trx('declaration_deadlines')
            .insert({
              registration_id: record.registrationId,
              deadline: record.settled.deadline,
              outcome: record.settled.outcome,
              consecutive_misses: record.consecutiveMisses,
              reminded: record.settled.reminded,
            })
            .onConflict(['registration_id', 'deadline'])
            .ignore();
        }
        await indexDeclaration(trx, record);
      });
    },
  };
}
