/** Assertions shared by the tests in this folder (not exported from index.ts). */
import assert from 'node:assert/strict';
import type { CodeResult } from './result.ts';

export function assertOk<T>(result: CodeResult<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code} (${result.error.part}): ${result.error.message}`);
  return result.value;
}

/**
 * The result failed with this code, blamed this part, and says so in Vietnamese: NFC text
 * and, when given, quoting the offending fragment.
 */
export function assertFails<T>(result: CodeResult<T>, code: string, part: string, mentions?: string): string {
  if (result.ok) assert.fail(`expected ${code}, got ok: ${JSON.stringify(result.value)}`);
  assert.equal(result.error.code, code, result.error.message);
  assert.equal(result.error.part, part, result.error.message);
  assert.equal(result.error.message, result.error.message.normalize('NFC'));
  assert.match(result.error.message, /[àáảãạăâđêôơư]/i, 'message is Vietnamese with diacritics');
  if (mentions !== undefined) assert.ok(result.error.message.includes(mentions), result.error.message);
  return result.error.message;
}
