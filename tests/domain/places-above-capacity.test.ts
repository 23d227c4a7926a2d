/** Her declared places against her agrément's capacity, once a modification lowers it. */
import { describe, expect, it } from 'vitest';
import { declaredPlacesIssues, placesAboveCapacity, placesWithinAgrement } from '../../domain/agrement.ts';

const places = { under3: 1, from3to6: 2, over6: 0 };

describe('declared places and the capacity of her agrément', () => {
  it('says nothing while her places fit within it, exactly or not', () => {
    expect(placesAboveCapacity(places, 3)).toBeNull();
    expect(placesAboveCapacity(places, 4)).toBeNull();
    expect(placesAboveCapacity({ under3: 0, from3to6: 0, over6: 0 }, 1)).toBeNull();
  });

  it('flags places above a lowered capacity, telling her what to correct', () => {
    expect(placesAboveCapacity(places, 2)).toEqual({
      declared: 3,
      capacity: 2,
      message:
        'Vous déclarez 3 places disponibles, mais votre agrément n’autorise plus que 2 enfants en même temps : mettez à jour vos disponibilités.',
    });
  });

  it('has nothing to compare without a declaration or a capacity', () => {
    expect(placesAboveCapacity(null, 2)).toBeNull();
    expect(placesAboveCapacity(places, null)).toBeNull();
  });
});

const agrement = (capacity: number, capacityException = false) => ({ capacity, capacityException });

describe('the places she may declare', () => {
  it('are within her agrément’s capacity', () => {
    expect(declaredPlacesIssues({ under3: 1, from3to6: 1, over6: 1 }, agrement(3))).toEqual([]);
    expect(declaredPlacesIssues({ under3: 1, from3to6: 1, over6: 0 }, agrement(1))).toEqual([
      {
        code: 'places_above_capacity',
        message:
          'Votre agrément autorise 1 enfant en même temps : déclarez au plus 1 place (vous en déclarez 2).',
      },
    ]);
  });

  it('count at most 4 under 3 and 6 minors under 11, unless her attestation allows an exception', () => {
    const codes = (places: Parameters<typeof declaredPlacesIssues>[0], a = agrement(6)) =>
      declaredPlacesIssues(places, a).map((issue) => issue.code);
    expect(codes({ under3: 5, from3to6: 0, over6: 0 })).toEqual(['places_under3_above_limit']);
    expect(codes({ under3: 4, from3to6: 2, over6: 0 })).toEqual([]);
    expect(codes({ under3: 5, from3to6: 0, over6: 0 }, agrement(6, true))).toEqual([]);
    // A capacity the département set above the legal limits, without the exception on her attestation.
    expect(codes({ under3: 2, from3to6: 3, over6: 2 }, agrement(7))).toEqual(['places_minors_above_limit']);
    expect(codes({ under3: 2, from3to6: 3, over6: 2 }, agrement(7, true))).toEqual([]);
    expect(declaredPlacesIssues({ under3: 5, from3to6: 0, over6: 0 }, agrement(6))[0]!.message).toBe(
      'La loi limite à 4 les enfants de moins de 3 ans accueillis, sauf dérogation écrite sur votre attestation : déclarez au plus 4 places pour les moins de 3 ans.',
    );
  });
});

describe('the places parents see', () => {
  it('are her declared ones while they fit', () => {
    expect(placesWithinAgrement(places, agrement(3))).toEqual(places);
  });

  it('never exceed what her agrément allows now, the youngest kept first', () => {
    expect(placesWithinAgrement(places, agrement(2))).toEqual({ under3: 1, from3to6: 1, over6: 0 });
    expect(placesWithinAgrement({ under3: 1, from3to6: 1, over6: 2 }, agrement(1))).toEqual({
      under3: 1,
      from3to6: 0,
      over6: 0,
    });
    expect(placesWithinAgrement({ under3: 5, from3to6: 1, over6: 0 }, agrement(6))).toEqual({
      under3: 4,
      from3to6: 1,
      over6: 0,
    });
    expect(placesWithinAgrement({ under3: 5, from3to6: 1, over6: 0 }, agrement(6, true))).toEqual({
      under3: 5,
      from3to6: 1,
      over6: 0,
    });
  });
});
