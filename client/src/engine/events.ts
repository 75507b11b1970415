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

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.emitter.removeAllListeners();
  }
}
