/**
 * A migration that has landed is never edited: databases that ran it would not run it again, so a
 * change would exist only on new ones. Each released migration's SHA-256 is kept here; a change is
 * a new migration. A new migration is added to this list in the commit that introduces it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationSource } from '../../migrations/index.ts';

const RELEASED: Record<string, string> = {
  '0001_foundation': '0d227bdf5bbbaeb1c96c1fcce71d32a7134b5db8414e07acd6f64d10e3f16a53',
  '0002_reference_data': '117fa7765522510163b5e6eaff5690640a630b0e54151b33c97887675c97bdb0',
  '0003_accounts': 'aac2f05db913053cfcd7562e73064d25c1c7a63559ec6ceedc352e8380379e41',
  '0004_lifecycle': '272306e128c00da47bd1a89abf8c85754658522a05642049ce3793bf02667181',
  '0005_moderation': 'bab8162ec077570d8ec3c4a063599509383b0182d5e893ab5c2b58b6cd0cae8f',
  '0006_supervision': '2d9d1a724efce2be63d4394500e0d6633a29a2ace6eddb2be8d1bc6f29ff1a96',
  '0007_reliability': '56547b81c00d1bb5370456c3aaf51702bbd70ae0523a2f59fb9fa3d669867280',
  '0008_rate_limits': 'aed33a7df1818c5cbcff0d2dc86e689b5698408bf68637aea78533eca74f42d5',
  '0009_search': '22bf4353535f75b8f03864acf2e957ca12c66e882b073673d2c731e3f53969ac',
  '0010_contact_requests': '95b6acd33aeac26e4d6a8f923295e5a90d8f232f4ccb0f9d5bdfeeb31eeaf890',
  '0011_departements': '580256f1cc626a709858ac4014340796d61132510998a08ea4c70f72889aa661',
  '0012_relays': '49e339c98561c8238f78462f9bb0e8ecf38901c441aba40a13cf68b884802485',
  '0013_sealed_totp_secrets': 'cb14643c9c4489b76a47d9990e1576bb5230d1bcd8aab47d4d4dd9c0dd9c1c17',
  '0015_parent_links': '60c31e668e647c21483cb7521108310c78d15b46089408f4d5995acd8a276c0c',
  '0016_every_role': '97bf2dd14a09a855f525ebf5ff3f879147d61d5d68e352f6e8bff6964cd2249f',
  '0017_sealed_nir': 'e9cdaa2708f1a92c213becc2cba1c0df07e0e2128c53d664d24e90da83cdfdab',
  '0018_audit_chain': '8131d39199125d81a7b6f3cb8aa93d6ec20f3a56026711fc27149b37467fddbe',
  '0019_account_closure': 'b83af0b09c92f5cd6059d7e24e31d99eb340d0e095d5895387bc2013bd2b9c96',
  '0020_change_attestations': 'f0444678cbff61b11618a53ed46088aa615484238b7ddf087fafdc1fc4f6a4a2',
  '0021_commission_referrals': 'cec7d91d154c77a8eb611b8915b27f5969315aed9baa1b5391f2f4eab418e5bb',
  '0022_case_closure': '4925dfa0308e3d504c431498fcd0822973016e9346f810b535c9fcd31b83346c',
  '0024_data_protection_role': '16cf7049d3052e0f178851fc2f9a60b9be999ea3191537369b94b97b474a0c19',
  '0025_audit_chained_at_commit': 'd5362dc67ed4ad6d1ed1062a574f709b2fd1ca92091ddc26694a3f703942906b',
  '0026_changes_closed_with_case': '7b37689ba48d90f1e725bd1e56bc14fe1a3fb8dafe3dcf9ca09127c3cbee3cef',
};

const checksum = (name: string) =>
  createHash('sha256')
    .update(readFileSync(new URL(`../../migrations/${name}.ts`, import.meta.url)))
    .digest('hex');

describe('released migrations', () => {
  it('are all listed, in order, and none is left out of this list', async () => {
    const listed = await migrationSource.getMigrations([]);
    expect(listed.slice(0, Object.keys(RELEASED).length)).toEqual(Object.keys(RELEASED));
    expect(listed.filter((name) => !(name in RELEASED))).toEqual([]);
  });

  it('are byte for byte what was released', () => {
    const edited = Object.entries(RELEASED)
      .filter(([name, sum]) => checksum(name) !== sum)
      .map(([name]) => name);
    expect(edited, 'une migration publiée a changé : écrivez-en une nouvelle').toEqual([]);
  });
});
