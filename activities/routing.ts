/** Routing a case to the pivot CAF that the routing table gives for her agrément's département. */
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../infra/db.ts';

export function routingActivities(db: Db) {
  return {
    /** The office for the case, read at routing time: a later change of the table does not move it. */
    async routeCase(registrationId: string): Promise<{ officeId: string; targetWorkingDays: number }> {
      const route = await db('registrations as r')
        .join('routing as rt', 'rt.departement_code', 'r.agrement_departement')
        .join('offices as o', 'o.id', 'rt.office_id')
        .where('r.id', registrationId)
        .first<{ officeId: string; targetWorkingDays: number } | undefined>(
          'o.id as officeId',
          'o.target_working_days as targetWorkingDays',
        );
      // A missing route is a configuration error: fail (and retry) until a supervisor fixes the table.
      if (!route)
        throw ApplicationFailure.retryable(
          `Aucune CAF pivot pour le dossier ${registrationId} : table de routage incomplète.`,
          'no_route',
        );
      return route;
    },

    /** An office's target handling time today (supervisors may have changed it since routing). */
    async officeTargetWorkingDays(officeId: string): Promise<number> {
      const office = await db('offices').where({ id: officeId }).first('target_working_days');
      if (!office) throw ApplicationFailure.retryable(`CAF inconnue : ${officeId}`, 'unknown_office');
      return office.target_working_days;
    },
  };
}
