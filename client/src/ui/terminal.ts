import { PassThrough, Writable } from 'stream';
import { StringDecoder } from 'string_decoder';
import * as vscode from 'vscode';
import type { TerminalSize } from '../engine/container/api';

/** What a ContainerTerminal runs once VS Code opens it: the streams and size of this terminal in, the exit code out. */
export type TerminalSession = (io: { stdin: PassThrough; stdout: Writable; terminal: TerminalSize; signal: AbortSignal }) => Promise<number>;

/** The size VS Code gives a terminal before it has measured one. */
const DEFAULT_SIZE = { columns: 80, rows: 24 };

/**
 * A VS Code terminal connected to a TTY process in a container (`exec -it`, `run -it`): every
 * keystroke goes to the process's stdin as bytes (Ctrl-C and Ctrl-D included: the container's
 * terminal turns them into SIGINT and end-of-file), what the process writes goes to the terminal
 * as is (its pty already sends \r\n), and the terminal's size follows VS Code's through
 * `setDimensions`. The terminal closes when the process exits, with its exit code.
 *
 * `text` keeps what the terminal showed (the last MiB) and `onOutput` fires with each chunk, so
 * tests and other code can drive it like a user: `handleInput('echo hi\r')`.
 */
export class ContainerTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidClose = this.closeEmitter.event;
  private readonly resizeEmitter = new vscode.EventEmitter<{ cols: number; rows: number }>();
  private readonly abort = new AbortController();
  private readonly stdin = new PassThrough();
  private readonly decoder = new StringDecoder('utf8');
  private started = false;
  private closed = false;
  /** The process could not start: the terminal shows why and closes on the next key. */
  private closeOnKey = false;
  private exitResolve!: (code: number) => void;
  /** The VS Code terminal showing this one (set by whoever created it). */
  terminal?: vscode.Terminal;
  /** What the terminal showed so far (the last MiB). */
  text = '';
  /** The size the process's terminal has (or gets when it starts). */
  cols = DEFAULT_SIZE.columns;
  rows = DEFAULT_SIZE.rows;
  /** The container the terminal runs (Run Interactive) or execs in. */
  containerId?: string;
  /** The process's exit code once it exited. */
  exitCode?: number;
  /** Settles with the exit code when the process exits (or -1 when it could not start). */
  readonly exited = new Promise<number>((resolve) => (this.exitResolve = resolve));

  /**
   * @param session starts the process with this terminal's streams and resolves with its exit code.
   * @param onExit runs after the process exited, before the terminal closes (e.g. `--rm`).
   * @param onClosedByUser runs when the user closes the terminal while the process still runs.
   */
  constructor(readonly label: string, private readonly session: TerminalSession, private readonly hooks: { onExit?(code: number): Promise<void> | void; onClosedByUser?(): Promise<void> | void } = {}) {}

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    if (initialDimensions) this.setSize(initialDimensions);
    this.start();
  }

  /** Starts the session now (VS Code calls this through `open`; a terminal never opened can be started directly). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const stdout = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        this.emit(this.decoder.write(chunk));
        cb();
      },
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const terminal: TerminalSize = {
      get cols() { return self.cols; },
      get rows() { return self.rows; },
      onResize: (listener) => this.resizeEmitter.event(({ cols, rows }) => listener(cols, rows)),
    };
    void (async () => {
      let code: number;
      let failure: string | undefined;
      try {
        code = await this.session({ stdin: this.stdin, stdout, terminal, signal: this.abort.signal });
        this.emit(this.decoder.end());
      } catch (e) {
        code = typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : 126;
        failure = e instanceof Error ? e.message : String(e);
        if (!this.abort.signal.aborted) this.emit(`\r\n\x1b[31m${failure.replace(/\r?\n/g, '\r\n')}\x1b[0m\r\n`);
      }
      this.exitCode = code;
      this.stdin.end();
      try {
        await this.hooks.onExit?.(code);
      } catch (e) {
        this.emit(`\r\n\x1b[31m${e instanceof Error ? e.message : String(e)}\x1b[0m\r\n`);
      }
      this.emit(`\r\n\x1b[2m[${this.label} exited with code ${code}]\x1b[0m\r\n`);
      this.exitResolve(code);
      if (failure !== undefined && !this.closed) {
        // The process never ran (no such shell, a runtime error): the terminal stays so the error can be read.
        this.emit('\x1b[2m[press any key to close the terminal]\x1b[0m');
        this.closeOnKey = true;
        void vscode.window.showErrorMessage(`${this.label}: ${failure}`);
        return;
      }
      if (!this.closed) {
        this.closed = true;
        vscode.window.setStatusBarMessage(`$(terminal) ${this.label} exited with code ${code}`, 10_000);
        this.closeEmitter.fire(code);
      }
    })();
  }

  private setSize(d: vscode.TerminalDimensions): void {
    if (!d.columns || !d.rows) return;
    if (d.columns === this.cols && d.rows === this.rows) return;
    this.cols = d.columns;
    this.rows = d.rows;
    this.resizeEmitter.fire({ cols: d.columns, rows: d.rows });
  }

  setDimensions(d: vscode.TerminalDimensions): void {
    this.setSize(d);
  }

  /** Keystrokes as bytes: Ctrl-C is \x03, Ctrl-D \x04; the container's terminal does the rest. */
  handleInput(data: string): void {
    if (this.closeOnKey && !this.closed) {
      this.closed = true;
      this.closeEmitter.fire(this.exitCode);
      return;
    }
    if (this.exitCode !== undefined || this.stdin.destroyed) return;
    this.stdin.write(Buffer.from(data, 'utf8'));
  }

  /** The user closed the terminal (or the window went away): end the session. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void (async () => {
      if (this.exitCode === undefined) {
        try {
          await this.hooks.onClosedByUser?.();
        } catch {
          // The process goes away with the aborted session anyway.
        }
      }
      this.abort.abort();
      this.stdin.end();
    })();
  }

  private emit(s: string): void {
    if (!s) return;
    this.text = (this.text + s).slice(-1024 * 1024);
    this.writeEmitter.fire(s);
  }

  dispose(): void {
    this.close();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
    this.resizeEmitter.dispose();
  }
}

/** Waits until `text` of the terminal matches, for tests and scripted use. */
export function waitForOutput(t: ContainerTerminal, match: RegExp, ms = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (match.test(t.text)) return resolve(t.text);
    const timer = setTimeout(() => { d.dispose(); reject(new Error(`timed out after ${ms} ms waiting for ${match} in the terminal ${t.label}; it shows ${JSON.stringify(t.text.slice(-500))}`)); }, ms);
    const d = t.onDidWrite(() => {
      if (!match.test(t.text)) return;
      clearTimeout(timer);
      d.dispose();
      resolve(t.text);
    });
  });
}
