import * as vscode from 'vscode';
import type { EngineEvent } from '../engine/events';

/** How many recent lines the log keeps in memory (what "Show Engine Log" returns to callers). */
const KEEP = 2000;

/**
 * The "Stevedore Engine" output channel: what the engine did (its events, from this window and
 * from other processes on the data root) and every failure a command reported. Only references,
 * IDs and error messages go in: engine errors never carry secrets, and no command logs
 * credentials, tokens or environment values.
 */
export class EngineLog implements vscode.Disposable {
  private channel?: vscode.OutputChannel;
  private readonly recent: string[] = [];

  /** The output channel, created on first use (activation stays cheap). */
  private get output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel('Stevedore Engine');
    return this.channel;
  }

  /** Lines written so far (the most recent KEEP). */
  get lines(): readonly string[] {
    return this.recent;
  }

  info(message: string): void {
    this.write('info', message);
  }

  error(message: string): void {
    this.write('error', message);
  }

  /** One line per engine event: `image.pulled busybox:1.36 (pid 123)`. */
  events(events: readonly EngineEvent[]): void {
    for (const e of events) this.write('event', `${e.type} ${e.id}${e.pid !== process.pid ? ` (pid ${e.pid})` : ''}`);
  }

  show(): void {
    this.output.show(true);
  }

  private write(level: string, message: string): void {
    const line = `${new Date().toISOString()} [${level}] ${message}`;
    this.recent.push(line);
    if (this.recent.length > KEEP) this.recent.splice(0, this.recent.length - KEEP);
    this.output.appendLine(line);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}

/** The extension's one engine log (set up by activate; commands and the engine host write to it). */
export const engineLog = new EngineLog();
