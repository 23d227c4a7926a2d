/** Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations). */
import { hash, verify } from '@node-rs/argon2';

// The library's default algorithm is argon2id (its `Algorithm` is a const enum, unusable with verbatimModuleSyntax).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The argon2id hash of a password, to store. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** Whether a password matches its stored hash (false, not an error, for a malformed hash). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified when the account does not exist, so timing does not reveal which emails exist. */
let decoy: Promise<string> | null = null;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('mot-de-passe-leurre-inutilisable');
  await verifyPassword(await decoy, password);
  return false;
}
