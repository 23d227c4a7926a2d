/** A file's name as stored and shown: no invisible characters, never refused for its length. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanFileName, MAX_FILE_NAME_LENGTH } from '../../domain/documents.ts';

describe('the name of an uploaded file', () => {
  it('loses the bidirectional controls that would disguise its extension', () => {
    // "agrement" + RIGHT-TO-LEFT OVERRIDE + "fdp.exe" shows as "agrementexe.pdf".
    expect(cleanFileName('agrement\u202Efdp.exe')).toBe('agrementfdp.exe');
    for (const control of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ])
      expect(cleanFileName(`scan${control}.pdf`)).toBe('scan.pdf');
  });

  it('loses every other invisible format or control character, and keeps accents and spaces', () => {
    expect(cleanFileName('ag\u200Bré\u00ADment\u200D\uFEFF  page 1\t.pdf')).toBe('agrément page 1 .pdf');
    expect(cleanFileName('\u0007\u200E')).toBe('document');
  });

  it('is shortened, its extension kept, when too long, instead of being refused', () => {
    const long = `${'attestation-agrement-'.repeat(20)}.pdf`;
    const name = cleanFileName(long);
    expect(Array.from(name).length).toBe(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('….pdf')).toBe(true);
  });

  it('never keeps a format character nor passes the length, whatever she sends', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const name = cleanFileName(raw);
        expect(name).not.toMatch(/[\p{Cf}\p{Cc}]/u);
        expect(Array.from(name).length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
        expect(name.length).toBeGreaterThan(0);
      }),
    );
  });
});
