/**
 * Every engine failure is an EngineError with a code users and callers can act on,
 * modelled on the Docker API's error classes. Messages say what failed, on what,
 * and (where there is one) what to do next. They never contain secrets.
 */
export type ErrorCode =
  | 'invalid-argument' // bad reference, bad flag value, malformed input from the user
  | 'not-found' // no such image, container, volume, blob, manifest
  | 'conflict' // in use, name taken, wrong state
  | 'unauthorized' // 401: no or bad credentials
  | 'forbidden' // 403
  | 'digest-mismatch' // content did not hash to what was promised
  | 'corrupt' // stored or received data is malformed
  | 'unavailable' // registry/host/daemon unreachable, runtime missing on this host
  | 'unsupported' // this engine cannot do this at all (e.g. fsck on a daemon); the message says why
  | 'cancelled' // AbortSignal fired
  | 'too-many-requests' // 429
  | 'internal'; // a bug or an unexpected system error

export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

/**
 * True for an EngineError with `code` (any code when omitted). Checks the shape, not the class:
 * the extension loads the engine as a separate bundle, whose EngineError is another class object.
 */
export function isEngineError(e: unknown, code?: ErrorCode): e is EngineError {
  if (!(e instanceof Error) || e.name !== 'EngineError' || typeof (e as { code?: unknown }).code !== 'string') return false;
  return code === undefined || (e as EngineError).code === code;
}

/** Throws a `cancelled` EngineError if the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('cancelled', 'operation cancelled');
}
