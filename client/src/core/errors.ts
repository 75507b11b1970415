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

/**
 * The Docker Engine API's HTTP status for each code (moby's errdefs -> HTTP), the one table both
 * sides use: the API server (client/src/daemon) answers a failure with it, DockerEngine reads a
 * daemon's status back with codeForHttpStatus.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  'invalid-argument': 400,
  'not-found': 404,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  'too-many-requests': 429,
  // dockerd answers registry and system failures with 500; clients print the message.
  'digest-mismatch': 500,
  corrupt: 500,
  unavailable: 500,
  cancelled: 500,
  // moby's errdefs.NotImplemented: this engine cannot do it (the message says why).
  unsupported: 501,
  internal: 500,
};

/** A daemon's HTTP error status as a code: the codes of HTTP_STATUS with a status of their own, 503 `unavailable`, the rest `internal`. */
export function codeForHttpStatus(status: number): ErrorCode {
  if (status === 503) return 'unavailable';
  if (status === 500) return 'internal';
  return (Object.keys(HTTP_STATUS) as ErrorCode[]).find((c) => HTTP_STATUS[c] === status) ?? 'internal';
}

/** Throws a `cancelled` EngineError if the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new EngineError('cancelled', 'operation cancelled');
}
