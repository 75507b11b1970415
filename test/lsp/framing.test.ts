import * as assert from 'assert/strict';
import { ChildProcess, spawn } from 'child_process';
import { Message, ResponseMessage, StreamMessageReader } from 'vscode-jsonrpc/node';
import { STEVEDORE_SERVER } from '../support/lsp';

/**
 * The server over stdio written to byte by byte, as a buggy or hostile client would: what comes
 * back is read with vscode-jsonrpc's reader (the server's output is well framed).
 */
class RawServer {
  readonly proc: ChildProcess;
  stderr = '';
  private readonly answers = new Map<number, ResponseMessage>();
  private readonly waiting = new Map<number, (m: ResponseMessage) => void>();
  private nextId = 1;

  constructor() {
    this.proc = spawn(STEVEDORE_SERVER[0], STEVEDORE_SERVER.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    new StreamMessageReader(this.proc.stdout!).listen((m: Message) => {
      const r = m as ResponseMessage;
      if (typeof r.id !== 'number' || (r.result === undefined && r.error === undefined)) return;
      this.answers.set(r.id, r);
      this.waiting.get(r.id)?.(r);
    });
  }

  /** A framed message; `delta` makes its Content-Length that many bytes off, `length` replaces it. */
  frame(msg: object, opts: { delta?: number; length?: string } = {}): Buffer {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${opts.length ?? body.length + (opts.delta ?? 0)}\r\n\r\n`, 'ascii'), body]);
  }

  request(method: string, params: unknown, opts: { delta?: number; length?: string } = {}): { id: number; bytes: Buffer } {
    const id = this.nextId++;
    return { id, bytes: this.frame({ id, method, params }, opts) };
  }

  write(...parts: Buffer[]): void {
    this.proc.stdin!.write(Buffer.concat(parts));
  }

  answer(id: number, ms = 10_000): Promise<ResponseMessage> {
    const have = this.answers.get(id);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no answer to request ${id} within ${ms} ms; stderr: ${this.stderr}`)), ms);
      this.waiting.set(id, (m) => { clearTimeout(t); resolve(m); });
    });
  }

  /** A request that must be answered: the server still hears. */
  async hears(): Promise<void> {
    const r = this.request('textDocument/hover', { textDocument: { uri: 'file:///w/Dockerfile' }, position: { line: 0, character: 1 } });
    this.write(r.bytes);
    const a = await this.answer(r.id);
    assert.equal(a.error, undefined, JSON.stringify(a.error));
  }

  stop(): void {
    this.proc.kill();
  }
}

describe('language server framing over stdio (bad input never deafens it)', function () {
  this.timeout(60_000);
  let s: RawServer;
  beforeEach(async () => {
    s = new RawServer();
    const init = s.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    s.write(init.bytes, s.frame({ method: 'initialized', params: {} }));
    await s.answer(init.id);
    s.write(s.frame({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///w/Dockerfile', languageId: 'dockerfile', version: 1, text: 'FROM busybox\nRUN echo hi\n' } } }));
  });
  afterEach(() => s.stop());

  for (const [what, length] of [['not a number', 'abc'], ['negative', '-12'], ['empty', ''], ['huge', '99999999999999']] as const) {
    it(`a Content-Length that is ${what}: an error on stderr, and the next message is answered`, async () => {
      s.write(Buffer.from(`Content-Length: ${length}\r\n\r\n{"jsonrpc":"2.0","id":900,"method":"shutdown"}`, 'ascii'));
      await s.hears();
      assert.match(s.stderr, /bad message framing: Content-Length .* (is not a non-negative integer|is over the)/, s.stderr);
      assert.equal(s.proc.exitCode, null, 'still running');
    });
  }

  it('a header line without a colon and garbage between messages are skipped', async () => {
    s.write(Buffer.from('garbage garbage\r\nContent-Length 12\r\n\r\n', 'ascii'));
    await s.hears();
    assert.match(s.stderr, /bad message framing/);
  });

  for (const delta of [3, -3, 40, -10]) {
    it(`a Content-Length ${delta > 0 ? 'too large' : 'too small'} by ${Math.abs(delta)} bytes, followed by another message: both are answered`, async () => {
      const bad = s.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///w/Dockerfile' } }, { delta });
      const good = s.request('textDocument/foldingRange', { textDocument: { uri: 'file:///w/Dockerfile' } });
      s.write(bad.bytes, good.bytes);
      const a = await s.answer(good.id);
      assert.equal(a.error, undefined);
      const b = await s.answer(bad.id);
      assert.ok(Array.isArray(b.result), JSON.stringify(b));
      assert.match(s.stderr, /bad message framing: Content-Length \d+ does not match the message/, s.stderr);
      await s.hears();
    });
  }

  it('a Content-Length too large with nothing after it: the message is taken once the input pauses', async () => {
    const bad = s.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///w/Dockerfile' } }, { delta: 7 });
    s.write(bad.bytes);
    const b = await s.answer(bad.id);
    assert.ok(Array.isArray(b.result));
    assert.match(s.stderr, /Content-Length \d+ but the message has \d+ bytes/, s.stderr);
    await s.hears();
  });

  it('a message split into one-byte writes is read whole', async () => {
    const r = s.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///w/Dockerfile' } });
    for (const b of r.bytes) s.proc.stdin!.write(Buffer.from([b]));
    const a = await s.answer(r.id);
    assert.ok(Array.isArray(a.result));
    assert.equal(s.stderr, '');
  });

  it('a well-framed message whose text holds "Content-Length:" and arrives in two writes is read whole', async () => {
    const text = 'FROM busybox\nRUN curl -H "Content-Length: 0" http://example.com/\nRUN echo second\n';
    const open = s.frame({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///w/header.Dockerfile', languageId: 'dockerfile', version: 1, text } } });
    const cut = open.indexOf('Content-Length: 0') + 'Content-Length: 0'.length;
    s.write(open.subarray(0, cut));
    await new Promise((r) => setTimeout(r, 200));
    s.write(open.subarray(cut));
    const r = s.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///w/header.Dockerfile' } });
    s.write(r.bytes);
    const a = await s.answer(r.id);
    const symbols = a.result as Array<{ children?: Array<{ detail?: string }> }>;
    assert.deepEqual(symbols[0]?.children?.map((c) => c.detail), ['curl -H "Content-Length: 0" http://example.com/', 'echo second'], JSON.stringify(a));
    assert.equal(s.stderr, '');
  });

  for (const params of [null, 'text', { textDocument: null }, { textDocument: { uri: 'file:///w/Dockerfile' }, position: null }]) {
    it(`params ${JSON.stringify(params)} get -32602 (invalid params), not an internal error`, async () => {
      const r = s.request('textDocument/hover', params);
      s.write(r.bytes);
      const a = await s.answer(r.id);
      assert.equal(a.error?.code, -32602, JSON.stringify(a));
      assert.match(a.error!.message, /textDocument\/hover needs/);
      await s.hears();
    });
  }

  it('a notification with null params is dropped with a line on stderr', async () => {
    s.write(s.frame({ method: 'textDocument/didChange', params: null }));
    await s.hears();
    assert.match(s.stderr, /textDocument\/didChange without params/);
  });
});
