import * as assert from 'assert/strict';
import { codeForHttpStatus, HTTP_STATUS, type ErrorCode } from '../../../client/src/core/errors';

/**
 * The one table of HTTP statuses for EngineError codes: what the API server answers, and what
 * DockerEngine reads back, so a failure keeps its code through DockerEngine -> service -> engine.
 */
describe('core/errors: HTTP statuses', () => {
  it('a code with a status of its own comes back as itself (unsupported -> 501 -> unsupported, not unavailable)', () => {
    const own = (Object.keys(HTTP_STATUS) as ErrorCode[]).filter((c) => HTTP_STATUS[c] !== 500);
    assert.deepEqual(own.sort(), ['conflict', 'forbidden', 'invalid-argument', 'not-found', 'too-many-requests', 'unauthorized', 'unsupported']);
    for (const c of own) assert.equal(codeForHttpStatus(HTTP_STATUS[c]), c, c);
  });

  it("dockerd's 500 is internal, 503 unavailable, any other status internal", () => {
    assert.deepEqual([500, 503, 502, 418].map(codeForHttpStatus), ['internal', 'unavailable', 'internal', 'internal']);
  });
});
