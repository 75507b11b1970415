import * as assert from 'assert';
import { EngineError } from '../../client/src/core/errors';

/**
 * For `assert.rejects`/`assert.throws`: the error is an EngineError with `code`, and (optionally)
 * its message passes `extra`.
 */
export function isCode(code: string, extra?: (m: string) => boolean) {
  return (e: unknown) => {
    assert.ok(e instanceof EngineError, `expected EngineError, got ${String(e)}`);
    assert.strictEqual(e.code, code, e.message);
    if (extra) assert.ok(extra(e.message), e.message);
    return true;
  };
}
