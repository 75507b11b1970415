import * as crypto from 'crypto';
import type { Readable, Writable } from 'stream';
import type { ExecOptions } from '../engine/container/api';
import type { Engine } from '../engine/engine';
import type { EngineEvent } from '../engine/events';

/** The engine the API serves: the Engine contract (any backend). */
export type ServedEngine = Engine;

export interface DaemonContext {
  engine: ServedEngine;
  state: DaemonState;
}

/** Streams of an attach that arrived before its container started (docker run attaches first, then starts). */
export interface PendingAttach {
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Settles the hijacked connection when the attached run ends. */
  done(exitCode?: number, error?: unknown): void;
}

/** One `exec` instance between create, start and inspect (the Engine runs an exec as one call). */
export interface ExecInstance {
  id: string;
  containerId: string;
  config: { Cmd: string[]; Env?: string[]; WorkingDir?: string; User?: string; Tty?: boolean; AttachStdin?: boolean; AttachStdout?: boolean; AttachStderr?: boolean; Privileged?: boolean };
  running: boolean;
  exitCode: number | null;
  started: boolean;
  /** Terminal size for a TTY exec, and who follows its changes. */
  size?: { cols: number; rows: number; listeners: Set<(cols: number, rows: number) => void> };
  created: number;
}

/**
 * What the API needs to remember between requests and the Engine does not keep: attaches waiting
 * for a start, exec instances, the exit code an attached run reported (an auto-removed container
 * has no record left to ask), and a wake-up for waiters on container events.
 */
export class DaemonState {
  readonly pendingAttach = new Map<string, PendingAttach[]>();
  readonly execs = new Map<string, ExecInstance>();
  readonly exitCodes = new Map<string, number>();
  /** The terminal size a TTY container was created with (HostConfig.ConsoleSize), until its attached start. */
  readonly consoleSizes = new Map<string, { cols: number; rows: number }>();
  private readonly waiters = new Set<() => void>();
  private readonly sub: { dispose(): void };

  constructor(engine: ServedEngine) {
    this.sub = engine.onEvent((e: EngineEvent) => {
      if (e.type.startsWith('container.')) for (const w of [...this.waiters]) w();
    });
  }

  /** Resolves on the next container event or after `ms`, whichever comes first. */
  nextContainerEvent(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  newExec(containerId: string, config: ExecInstance['config']): ExecInstance {
    // Exec instances are forgotten an hour after creation (dockerd keeps them while the container lives).
    const now = Date.now();
    for (const [id, x] of this.execs) if (!x.running && now - x.created > 3_600_000) this.execs.delete(id);
    const inst: ExecInstance = { id: crypto.randomBytes(32).toString('hex'), containerId, config, running: false, exitCode: null, started: false, created: now };
    this.execs.set(inst.id, inst);
    return inst;
  }

  execOptions(inst: ExecInstance): Pick<ExecOptions, 'cmd' | 'env' | 'workingDir' | 'user' | 'tty'> {
    const c = inst.config;
    return { cmd: c.Cmd, env: c.Env ?? [], workingDir: c.WorkingDir || undefined, user: c.User || undefined, tty: !!c.Tty };
  }

  dispose(): void {
    this.sub.dispose();
    for (const w of [...this.waiters]) w();
  }
}
