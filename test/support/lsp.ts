import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CompletionItem, CompletionList, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export interface LspClientOptions {
  rootUri?: string;
  initializationOptions?: unknown;
  /** workspace/configuration answers by section, e.g. { stevedore: { lint: { ... } } }. */
  settings?: Record<string, unknown>;
  /** Handlers for server-to-client requests (custom ones such as stevedore/localImages). */
  handlers?: Record<string, (params: any) => unknown>;
}

export const REPO = path.resolve(__dirname, '..', '..', '..');
/** The bundled server the extension ships. */
export const STEVEDORE_SERVER = [process.execPath, path.join(REPO, 'dist', 'server.js'), '--stdio'];

/**
 * A real LSP client over stdio: spawns a language server, does the initialize handshake and
 * speaks JSON-RPC to it, as an editor does. Used by test/lsp and by the benchmarks (which also
 * drive dockerfile-language-server-nodejs with it).
 */
export class LspClient {
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: Array<{ uri: string; after: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  private versions = new Map<string, number>();
  initializeResult?: InitializeResult;

  private constructor(readonly proc: ChildProcess, readonly conn: MessageConnection, opts: LspClientOptions = {}) {
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && list.length > w.after) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    // Servers may ask for configuration and register capabilities; answer like a plain editor.
    conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => p.items.map((i) => (i.section ? this.settings[i.section] ?? null : null)));
    this.settings = opts.settings ?? {};
    for (const [method, handler] of Object.entries(opts.handlers ?? {})) conn.onRequest(method, handler);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/inlayHint/refresh', () => { this.refreshes++; return null; });
    conn.onRequest('workspace/codeLens/refresh', () => null);
    conn.onRequest('workspace/semanticTokens/refresh', () => null);
  }

  /** How often the server asked to refresh inlay hints. */
  refreshes = 0;
  /** What workspace/configuration answers, by section (change it, then `notify('workspace/didChangeConfiguration')`). */
  settings: Record<string, unknown>;

  static async start(command: string[] = STEVEDORE_SERVER, opts: LspClientOptions = {}): Promise<LspClient> {
    const proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += d));
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.listen();
    const client = new LspClient(proc, conn, opts);
    const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`language server exited (${code}): ${stderr}`))));
    client.initializeResult = await Promise.race([
      conn.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: opts.rootUri ?? null,
        capabilities: {
          textDocument: {
            completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            publishDiagnostics: { relatedInformation: true },
          },
          workspace: { configuration: true, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
        },
        initializationOptions: opts.initializationOptions,
      }),
      exited,
    ]);
    await conn.sendNotification('initialized', {});
    return client;
  }

  /** Opens a document; resolves with the first diagnostics the server publishes for it. */
  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri);
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return next;
  }

  /** Replaces the whole text; resolves with the diagnostics that follow. */
  async change(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    const next = this.nextDiagnostics(uri);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return next;
  }

  nextDiagnostics(uri: string, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const after = this.diagnostics.get(uri)?.length ?? 0;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ uri, after, resolve: (p) => { clearTimeout(t); resolve(p); } });
    });
  }

  latestDiagnostics(uri: string): Diagnostic[] {
    const list = this.diagnostics.get(uri);
    return list?.[list.length - 1]?.diagnostics ?? [];
  }

  async completion(uri: string, line: number, character: number): Promise<CompletionItem[]> {
    const r = await this.conn.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    return !r ? [] : Array.isArray(r) ? r : r.items;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown = {}): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  /** A request at a position of a document (hover, definition, signatureHelp ...). */
  at<R>(method: string, uri: string, line: number, character: number, extra: object = {}): Promise<R> {
    return this.conn.sendRequest<R>(method, { textDocument: { uri }, position: { line, character }, ...extra });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch { /* already gone */ }
    this.conn.dispose();
    if (this.proc.exitCode === null) {
      await new Promise((r) => { const t = setTimeout(() => { this.proc.kill('SIGKILL'); r(undefined); }, 2000); this.proc.once('exit', () => { clearTimeout(t); r(undefined); }); });
    }
  }
}
