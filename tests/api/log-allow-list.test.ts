/** The logger's allow-list (infra/log.ts): only ids and codes get out, an error as its class and code. */
import { describe, expect, it } from 'vitest';
import { logLine } from '../../infra/log.ts';

describe('a log line', () => {
  it('drops any field off the allow-list, and reduces an error to its class and code', () => {
    const error = Object.assign(
      new Error('invalid input syntax for type date: "1985-03-14 Camille DUPONT"'),
      {
        code: '22007',
      },
    );
    const line = JSON.parse(
      logLine('error', 'erreur inattendue', {
        method: 'PUT',
        path: '/api/auth/password-reset/4f0c2b1a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
        registrationId: '0b7d4c2e-8f1a-4e3b-9c5d-6a7b8c9d0e1f',
        error,
        identity: { birthName: 'DUPONT' },
        contact: 'Camille DUPONT, 12 rue de la Paix',
        code: 'Camille DUPONT',
      }),
    );
    expect(line).toMatchObject({
      level: 'error',
      method: 'PUT',
      path: '/api/auth/password-reset/:jeton',
      registrationId: '0b7d4c2e-8f1a-4e3b-9c5d-6a7b8c9d0e1f',
      error: { name: 'Error', code: '22007' },
      identity: '[retiré]',
      contact: '[retiré]',
      code: '[retiré]',
    });
    expect(JSON.stringify(line)).not.toMatch(/DUPONT|Camille|1985/);
  });

  it('masks NIR- and email-shaped text in the message itself', () => {
    expect(logLine('info', 'pour camille@exemple.fr, 2 85 03 69 383 112 45')).not.toMatch(/camille|383/);
  });
});
