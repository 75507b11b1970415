import * as os from 'os';
import * as path from 'path';

/**
 * The data root every Stevedore process (extension windows, CLI, tests) shares.
 * Precedence: explicit value (setting / --data-root) > $STEVEDORE_ROOT > $XDG_DATA_HOME/stevedore
 * > ~/.local/share/stevedore.
 */
export function resolveDataRoot(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit && explicit.trim()) return path.resolve(explicit);
  if (env.STEVEDORE_ROOT && env.STEVEDORE_ROOT.trim()) return path.resolve(env.STEVEDORE_ROOT);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'stevedore');
}
