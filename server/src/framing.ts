// The stdio transport's reader, and the check every request's params pass before a handler sees them.
//
// Hand-written instead of vscode-jsonrpc's StreamMessageReader because that reader has no way back
// from one badly framed message (vscode-jsonrpc 10, ReadableStreamMessageReader.onData): a
// Content-Length that is not a number fires an error and returns with the body still buffered, so
// the body is read as the next header block; one that is a few bytes off makes it read the next
// header as body or wait for bytes that never come; either way the server answers nothing again and
// says nothing. This one logs each
// framing error on stderr and resynchronises on the next `Content-Length:` header; the library's
// reader is kept for everything else (it is the protocol's reference).
import {
  AbstractMessageReader, DataCallback, Disposable, ErrorCodes, Message, MessageReader, MessageWriter, NotificationMessage, RequestMessage, ResponseMessage,
} from 'vscode-languageserver/node';

const HEADER = Buffer.from('Content-Length:', 'ascii');
const CRLF2 = Buffer.from('\r\n\r\n', 'ascii');
const CRLF = Buffer.from('\r\n', 'ascii');
/** A whole `Content-Length: N` header line (what the bytes up to the next CRLF must be for a header to be real). */
const HEADER_LINE = /^Content-Length:[ \t]*\d+[ \t]*$/;
/** A header block longer than this is garbage, not a header. */
const MAX_HEADER = 8 * 1024;
/** A message longer than this is refused (a 50 MB Dockerfile fits many times). */
const MAX_BODY = 512 * 1024 * 1024;
/** A mis-framed message with nothing after it is taken as it is after this long (if it is a whole JSON message). */
const STALL_MS = 1000;

export class ResyncingMessageReader extends AbstractMessageReader implements MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  /** While a long body arrives: its chunks (joined once it is complete), their bytes, and the bytes it needs. */
  private chunks: Buffer[] = [];
  private chunksLength = 0;
  private need = 0;
  /** The last bytes seen, so a header split across two chunks is still found. */
  private tail: Buffer = Buffer.alloc(0);
  private callback?: DataCallback;
  private stall?: NodeJS.Timeout;
  private onStall?: () => void;

  constructor(private readonly input: NodeJS.ReadableStream, private readonly log: (line: string) => void = (l) => process.stderr.write(l + '\n')) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (d: Buffer) => this.onData(d);
    this.input.on('data', onData);
    this.input.on('error', (e: Error) => this.fireError(e));
    this.input.on('close', () => this.fireClose());
    return { dispose: () => this.input.removeListener('data', onData) };
  }

  private onData(d: Buffer): void {
    if (this.need && this.buffer.length + this.chunksLength + d.length < this.need) {
      // Still inside a body: keep the chunk unless it holds a header (then the length was wrong).
      const probe = Buffer.concat([this.tail, d]);
      if (probe.indexOf(HEADER) < 0) {
        this.chunks.push(d);
        this.chunksLength += d.length;
        this.tail = probe.subarray(Math.max(0, probe.length - HEADER.length + 1));
        this.armStall();
        return;
      }
    }
    this.buffer = Buffer.concat([this.buffer, ...this.chunks, d]);
    this.chunks = [];
    this.chunksLength = 0;
    this.need = 0;
    this.drain();
  }

  private armStall(): void {
    clearTimeout(this.stall);
    if (!this.onStall) return;
    this.stall = setTimeout(this.onStall, STALL_MS);
    this.stall.unref?.();
  }

  private problem(what: string): void {
    this.log(`stevedore language server: bad message framing: ${what}; skipping to the next Content-Length header`);
  }

  /** Drops bytes up to the next `Content-Length:` at or after `from` (all of them if there is none). */
  private skipTo(from: number): void {
    const next = this.buffer.indexOf(HEADER, from);
    // Without one, the last bytes stay: they may be the start of a header split across reads.
    this.buffer = this.buffer.subarray(next < 0 ? Math.max(from, this.buffer.length - HEADER.length + 1) : next);
  }

  private drain(): void {
    clearTimeout(this.stall);
    this.onStall = undefined;
    for (;;) {
      if (!this.buffer.length) return;
      const end = this.buffer.indexOf(CRLF2);
      if (end < 0) {
        if (this.buffer.length > MAX_HEADER) {
          this.problem(`no end of headers in ${this.buffer.length} bytes`);
          this.skipTo(1);
          continue;
        }
        return;
      }
      const head = this.buffer.subarray(0, end).toString('ascii');
      let length: number | undefined;
      let bad: string | undefined;
      for (const line of head.split('\r\n')) {
        const m = /^([^:]+):\s*(.*)$/.exec(line);
        if (!m) bad ??= `header line ${JSON.stringify(line.slice(0, 80))} is not "Name: value"`;
        else if (m[1].toLowerCase() === 'content-length') {
          if (!/^\d+$/.test(m[2].trim())) bad ??= `Content-Length ${JSON.stringify(m[2].slice(0, 40))} is not a non-negative integer`;
          else length = Number(m[2].trim());
        }
      }
      if (!bad && length === undefined) bad = 'the header block has no Content-Length';
      if (!bad && length! > MAX_BODY) bad = `Content-Length ${length} is over the ${MAX_BODY}-byte limit`;
      if (bad) {
        this.problem(bad);
        this.skipTo(1);
        continue;
      }
      const start = end + CRLF2.length;
      if (this.buffer.length >= start + length!) {
        const msg = this.parse(this.buffer.subarray(start, start + length!));
        if (msg) {
          this.buffer = this.buffer.subarray(start + length!);
          this.deliver(msg);
          continue;
        }
      }
      // Not framed right (the length too small or too large), or not JSON. The next header, if
      // one came, ends this message: a length too large swallowed it, one too small left bytes before it.
      const inner = this.nextHeader(start);
      if (inner >= 0) {
        const before = this.parse(this.buffer.subarray(start, inner));
        this.problem(before ? `Content-Length ${length} does not match the message (${inner - start} bytes up to the next header); took those` : `the body after Content-Length ${length} is not a JSON-RPC message`);
        this.buffer = this.buffer.subarray(inner);
        if (before) this.deliver(before);
        continue;
      }
      // Nothing after it yet: wait for more. If none comes and what is there is a whole message, the length was wrong.
      if (this.buffer.length < start + length!) this.need = start + length!;
      this.tail = this.buffer.subarray(Math.max(0, this.buffer.length - HEADER.length + 1));
      this.onStall = () => {
        const all = Buffer.concat([this.buffer, ...this.chunks]);
        const whole = this.parse(all.subarray(start));
        if (!whole) return;
        this.problem(`Content-Length ${length} but the message has ${all.length - start} bytes; took those`);
        this.buffer = Buffer.alloc(0);
        [this.chunks, this.chunksLength, this.need] = [[], 0, 0];
        this.deliver(whole);
      };
      this.armStall();
      return;
    }
  }

  /**
   * The next real header at or after `from`: `Content-Length:` with a whole `Content-Length: N` line
   * (its CRLF arrived). The same text inside a message that is still arriving (a document that
   * mentions the header) is not one: a JSON body holds no raw CR or LF, so it never has the line.
   */
  private nextHeader(from: number): number {
    for (let i = this.buffer.indexOf(HEADER, from); i >= 0; i = this.buffer.indexOf(HEADER, i + 1)) {
      const line = this.buffer.subarray(i, Math.min(this.buffer.length, i + 100));
      const eol = line.indexOf(CRLF);
      if (eol >= 0 && HEADER_LINE.test(line.toString('ascii', 0, eol))) return i;
    }
    return -1;
  }

  private parse(body: Buffer): Message | undefined {
    try {
      const m = JSON.parse(body.toString('utf8')) as Message;
      return m && typeof m === 'object' && !Array.isArray(m) ? m : undefined;
    } catch {
      return undefined;
    }
  }

  private deliver(m: Message): void {
    // What is left must not keep a large message's bytes alive (a subarray holds its whole backing store).
    if (this.buffer.byteLength < this.buffer.buffer.byteLength / 2 && this.buffer.buffer.byteLength > 1 << 20) this.buffer = Buffer.from(this.buffer);
    if (this.tail.buffer.byteLength > 1 << 20) this.tail = Buffer.from(this.tail);
    this.callback?.(m);
  }
}

/** Requests whose params carry a position besides the document. */
const POSITIONED = new Set([
  'textDocument/completion', 'textDocument/hover', 'textDocument/signatureHelp', 'textDocument/definition', 'textDocument/references',
  'textDocument/documentHighlight', 'textDocument/prepareRename', 'textDocument/rename', 'textDocument/onTypeFormatting',
]);

/** Why a request's params are not what its method takes (LSP's shapes, checked as far as handlers rely on them), or undefined. */
export function invalidParams(m: RequestMessage): string | undefined {
  const p = m.params as Record<string, unknown> | null | undefined;
  if (m.method === 'shutdown' || m.method.startsWith('$/')) return undefined;
  if (p === null || p === undefined || typeof p !== 'object' || Array.isArray(p)) return `${m.method} needs params (an object), got ${p === undefined ? 'none' : JSON.stringify(p)}`;
  if (m.method.startsWith('textDocument/')) {
    const td = p.textDocument as { uri?: unknown } | null | undefined;
    if (!td || typeof td !== 'object' || typeof td.uri !== 'string') return `${m.method} needs params.textDocument.uri (a string)`;
    if (POSITIONED.has(m.method)) {
      const pos = p.position as { line?: unknown; character?: unknown } | null | undefined;
      if (!pos || typeof pos !== 'object' || !Number.isInteger(pos.line) || !Number.isInteger(pos.character) || (pos.line as number) < 0 || (pos.character as number) < 0) {
        return `${m.method} needs params.position with non-negative integer line and character`;
      }
    }
  }
  return undefined;
}

/**
 * A reader whose requests with unusable params are answered -32602 (InvalidParams) at once instead
 * of reaching a handler (which would fail with -32603, internal error); notifications with unusable
 * params are dropped with a line on stderr (there is no one to answer).
 */
export function checkingParams(reader: MessageReader, writer: MessageWriter, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): MessageReader {
  const listen = reader.listen.bind(reader);
  reader.listen = (callback: DataCallback): Disposable => listen((m: Message) => {
    const r = m as RequestMessage;
    if (typeof r.method === 'string' && r.id !== undefined && r.id !== null) {
      const why = invalidParams(r);
      if (why) {
        const reply: ResponseMessage = { jsonrpc: '2.0', id: r.id, error: { code: ErrorCodes.InvalidParams, message: why } };
        void writer.write(reply).catch(() => undefined);
        return;
      }
    } else if (typeof r.method === 'string' && (r.method.startsWith('textDocument/') || r.method.startsWith('workspace/'))) {
      const p = (m as NotificationMessage).params;
      if (p === null || p === undefined || typeof p !== 'object') {
        log(`stevedore language server: ${r.method} without params (an object) ignored`);
        return;
      }
    }
    callback(m);
  });
  return reader;
}
