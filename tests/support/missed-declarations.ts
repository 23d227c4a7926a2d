/** Childminders who have not declared, seeded as her lifecycle leaves them: the deadlines of her run of misses settled. */
import type { Db } from '../../infra/db.ts';
import { publishedChildminder, type ChildminderSpec } from './search.ts';

const DAY = 86_400_000;

/**
 * A published childminder (direct insert, as activation leaves her) who then missed `misses`
 * deadlines in a row, six months apart, the last `daysAgo` days ago; `departement` moves her agrément.
 */
export async function childminderWhoMissed(
  db: Db,
  spec: {
    commune: NonNullable<ChildminderSpec['commune']>;
    misses: number;
    daysAgo: number;
    departement?: string;
  },
) {
  const her = await publishedChildminder(db, { commune: spec.commune, overdue: true });
  const last = Date.now() - spec.daysAgo * DAY;
  const deadlines = Array.from({ length: spec.misses }, (_, k) => new Date(last - k * 182 * DAY)).reverse();
  const declaredAt = new Date(deadlines[0]!.getTime() - 100 * DAY);
  await db('declaration_deadlines').insert([
    // An older deadline she did declare for: not part of her run of misses.
    {
      registration_id: her.id,
      deadline: new Date(declaredAt.getTime() - DAY),
      outcome: 'declared',
      consecutive_misses: 0,
    },
    ...deadlines.map((deadline, k) => ({
      registration_id: her.id,
      deadline,
      outcome: 'overdue',
      consecutive_misses: k + 1,
    })),
  ]);
  await db('declaration_status')
    .where({ registration_id: her.id })
    .update({
      last_declared_at: declaredAt,
      overdue_deadline: deadlines.at(-1),
      consecutive_misses: spec.misses,
    });
  if (spec.departement)
    await db('registrations')
      .where({ id: her.id })
      .update({
        agrement: db.raw(`agrement || jsonb_build_object('departement', ?::text)`, [spec.departement]),
      });
  return { ...her, deadlines };
}
