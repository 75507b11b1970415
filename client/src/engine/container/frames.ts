/**
 * The supervisor's attach protocol over its unix socket: frames of `[kind u8][length u32be]
 * [payload]`, both ways. Like Docker's stdcopy multiplexing (8-byte header per chunk), but with
 * control frames, because one socket carries stdin, stdout, stderr, resize and the exit code.
 */
export const enum Frame {
  Stdin = 0,
  Stdout = 1,
  Stderr = 2,
  /** The client's stdin ended (Ctrl-D on a non-TTY): close the container's stdin. */
  StdinEnd = 3,
  /** Terminal size: payload `cols rows`. */
  Resize = 4,
  /** The container exited: payload the exit code. Sent to every client, then the socket closes. */
  Exit = 5,
  /**
   * First frame of a client: JSON `{ stdin: boolean, logs?: boolean, size?: { cols, rows } }`;
   * `size`, the client's terminal, is the TTY container's size from its first byte when this
   * client is the one its start waits for.
   */
  Hello = 6,
  /** The supervisor has started the process (payload: pid). */
  Started = 7,
}

export function frame(kind: Frame, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(5);
  head[0] = kind;
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Splits a byte stream into frames (call `push` with each chunk). */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly onFrame: (kind: Frame, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 5) {
      const len = this.buf.readUInt32BE(1);
      if (this.buf.length < 5 + len) return;
      const kind = this.buf[0] as Frame;
      const payload = this.buf.subarray(5, 5 + len);
      this.buf = this.buf.subarray(5 + len);
      this.onFrame(kind, payload);
    }
  }
}
