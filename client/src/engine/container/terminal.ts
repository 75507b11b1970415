import { spawn, SpawnOptions } from 'child_process';
import * as fs from 'fs';
import { EngineError } from '../../core/errors';
import { run } from '../process';


/**
 * Pseudo-terminals for `-t` without native code. The OCI runtime makes the container's pty
 * itself, but only hands the master over a console socket (SCM_RIGHTS, which Node cannot
 * receive) or, in the foreground, relays it to its own controlling terminal. So the runtime is
 * started under util-linux `script` (Debian's essential bsdutils), which gives it that
 * terminal: bytes flow pipe ⇄ script's pty ⇄ runc (raw) ⇄ the container's pty, so Ctrl-C and
 * Ctrl-D reach the container's line discipline as they do with Docker. Window size is set on
 * the container's own pty from the host with coreutils `stty -F /proc/<pid>/fd/0`, which also
 * delivers SIGWINCH to the container's foreground process group.
 */
const SCRIPT_CANDIDATES = ['/usr/bin/script', '/bin/script'];

export function findScript(): string | undefined {
  return SCRIPT_CANDIDATES.find((p) => fs.existsSync(p));
}

/** Single-quotes `s` for sh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Spawns `argv` with a controlling terminal (script's), stdio as pipes. With `size`, script's
 * terminal takes that size before `argv` starts: the runtime copies its own terminal's size to
 * the container's pty before the process runs, so the first thing the process sees is the
 * user's size (a resize afterwards races with a shell that reads it at once).
 */
export function spawnWithTerminal(argv: string[], opts: SpawnOptions = {}, size?: { cols: number; rows: number }) {
  const script = findScript();
  if (!script) throw new EngineError('unavailable', 'a pseudo-TTY (-t) needs util-linux "script" (Debian/Ubuntu package bsdutils), which is not installed');
  const sized = size && size.cols > 0 && size.rows > 0 ? `stty rows ${Math.floor(size.rows)} cols ${Math.floor(size.cols)} 2>/dev/null; ` : '';
  return spawn(script, ['-q', '-e', '-E', 'never', '-c', `${sized}exec ${argv.map(shellQuote).join(' ')}`, '/dev/null'], { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
}

const pending = new Map<number, { cols: number; rows: number; running: Promise<void> }>();

/**
 * Sets the window size of the terminal process `pid` has as its stdin. Calls for one pid are
 * serialised and coalesced to the latest size (a terminal emits several SIGWINCH while it is
 * dragged; an older size must never land after a newer one).
 */
export function resizeTerminal(pid: number, cols: number, rows: number): Promise<void> {
  const cur = pending.get(pid);
  if (cur) {
    cur.cols = cols;
    cur.rows = rows;
    return cur.running;
  }
  const entry = { cols, rows, running: Promise.resolve() };
  entry.running = (async () => {
    try {
      let applied = '';
      while (applied !== `${entry.cols}x${entry.rows}`) {
        applied = `${entry.cols}x${entry.rows}`;
        await setSize(pid, entry.cols, entry.rows);
      }
    } finally {
      pending.delete(pid);
    }
  })();
  pending.set(pid, entry);
  return entry.running;
}

async function setSize(pid: number, cols: number, rows: number): Promise<void> {
  if (!pid || !(cols > 0) || !(rows > 0)) return;
  try {
    await run('stty', ['-F', `/proc/${pid}/fd/0`, 'rows', String(Math.floor(rows)), 'cols', String(Math.floor(cols))]);
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr ?? (e as Error).message).trim();
    // The process may have just exited; anything else is worth telling.
    if (!/No such file|No such process|not a tty|Inappropriate ioctl/i.test(msg)) throw new EngineError('internal', `resizing the terminal failed: ${msg}`);
  }
}
