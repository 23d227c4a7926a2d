/** Her declared places against her agrément's capacity, once a modification lowers it. */
import { describe, expect, it } from 'vitest';
import { placesAboveCapacity } from '../../domain/agrement.ts';

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
