/** Password hashing (argon2id) and the password policy. */
import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../errors.ts';
import './errors.ts';

// OWASP Password Storage Cheat Sheet, argon2id minimum: m = 19 MiB, t = 2, p = 1.
// @node-rs/argon2 defaults to the argon2id variant.
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const PASSWORD_MIN_LENGTH = 8;
/** Longer inputs only cost CPU: no one types a 1 KB password. */
const PASSWORD_MAX_LENGTH = 1024;

/** Throws PASSWORD_TOO_WEAK unless the password meets the policy (≥ 8 characters). */
export function checkPasswordPolicy(password: string): void {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new DomainError('PASSWORD_TOO_WEAK', { minLength: PASSWORD_MIN_LENGTH });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), PARAMS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(stored, password.normalize('NFC'));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Checks a password against a throw-away hash with the same parameters, so that an unknown
 * login costs as long as a wrong password and the timing does not reveal which logins exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('mocua-dummy-password-never-matches');
  await verifyPassword(await dummy, password);
  return false;
}
