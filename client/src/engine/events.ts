import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as path from 'path';

/** What changed, in Docker's event vocabulary: `image.pulled`, `container.start`, `volume.create` ... */
export interface EngineEvent {
  /** `<noun>.<action>`, e.g. `image.pulled`, `image.tagged`, `container.die`. */
  type: string;
  /** ID, name or reference of the object it concerns. */
  id: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** pid of the process that caused it, so a process can tell its own events from others'. */
  pid: number;
  attributes?: Record<string, string>;
}

/** The journal is a notification channel, not a history: this much is plenty for followers. */
const JOURNAL_MAX = 64 * 1024;

/**
 * In-process event bus plus a cross-process journal (`events.jsonl` in the data root).
 * Each line is appended with one O_APPEND write, which is atomic for lines this small,
 * so processes sharing a root can follow each other's changes by tailing the file.
 */
export class EventJournal {
  private readonly emitter = new EventEmitter();
  private readonly file: string;
  private watcher?: fs.FSWatcher;
  private offset = 0;

  constructor(root: string) {
    this.file = path.join(root, 'events.jsonl');
    this.emitter.setMaxListeners(100);
  }

  /** Records an event and tells in-process listeners. */
  emit(type: string, id: string, attributes?: Record<string, string>): EngineEvent {
    const event: EngineEvent = { type, id, time: Date.now(), pid: process.pid, ...(attributes ? { attributes } : {}) };
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, JSON.stringify(event) + '\n');
      // Bounded: emptied in place (followers watch this inode and start over at a smaller size)
      // once past JOURNAL_MAX, so a long-lived data root does not grow by a line per operation.
      if (fs.statSync(this.file).size > JOURNAL_MAX) fs.truncateSync(this.file, 0);
    } catch {
      // The journal is a notification channel; losing a line must not fail the operation.
    }
    this.emitter.emit('event', event);
    return event;
  }

  /** Listens to events from this process and (after `follow()`) from other processes. */
  on(listener: (e: EngineEvent) => void): { dispose(): void } {
    this.emitter.on('event', listener);
    return { dispose: () => this.emitter.off('event', listener) };
  }

  /** Starts tailing the journal for events written by other processes. */
  follow(): void {
    if (this.watcher) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, '');
    this.offset = fs.statSync(this.file).size;
    this.watcher = fs.watch(this.file, () => this.readNew());
  }

  private readNew(): void {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return;
    }
    if (size < this.offset) this.offset = 0; // truncated (journal rotated)
    if (size === this.offset) return;
    const fd = fs.openSync(this.file, 'r');
    try {
      const buf = Buffer.alloc(size - this.offset);
      fs.readSync(fd, buf, 0, buf.length, this.offset);
      const text = buf.toString('utf8');
      const complete = text.lastIndexOf('\n') + 1;
      this.offset += Buffer.byteLength(text.slice(0, complete));
      for (const line of text.slice(0, complete).split('\n')) {
        if (!line) continue;
        try {
          const e = JSON.parse(line) as EngineEvent;
          if (e.pid !== process.pid) this.emitter.emit('event', e);
        } catch {
          // a torn line from a crashed writer: skip it
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * `docker events`: the journal's events from `since` on, then live ones (this process's and,
   * followed, other processes'), until `until` passes or the signal fires (without either: only
   * the signal ends it). Events are in journal order; one both read and heard live comes once.
   */
  async *read(opts: { since?: number; until?: number; signal?: AbortSignal } = {}): AsyncGenerator<EngineEvent> {
    const { since, until, signal } = opts;
    if (signal?.aborted) return;
    const queue: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const sub = this.on((e) => {
      queue.push(e);
      wake?.();
    });
    let stopped = false;
    const stop = () => {
      stopped = true;
      wake?.();
    };
    signal?.addEventListener('abort', stop, { once: true });
    const timer = until !== undefined ? setTimeout(stop, Math.max(0, until - Date.now())) : undefined;
    const key = (e: EngineEvent) => `${e.time}|${e.pid}|${e.type}|${e.id}`;
    const past = new Set<string>();
    const inRange = (e: EngineEvent) => (since === undefined || e.time >= since) && (until === undefined || e.time <= until);
    try {
      this.follow();
      if (since !== undefined) {
        const text = await fs.promises.readFile(this.file, 'utf8').catch(() => '');
        for (const line of text.split('\n')) {
          if (!line) continue;
          let e: EngineEvent;
          try {
            e = JSON.parse(line) as EngineEvent;
          } catch {
            continue; // a torn line from a crashed writer
          }
          if (!inRange(e)) continue;
          past.add(key(e));
          yield e;
        }
      }
      while (!stopped && !signal?.aborted) {
        while (queue.length) {
          const e = queue.shift()!;
          if (past.has(key(e)) || !inRange(e)) continue;
          yield e;
        }
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
      for (const e of queue) if (!past.has(key(e)) && inRange(e)) yield e;
    } finally {
      sub.dispose();
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
  }

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.emitter.removeAllListeners();
  }
}
