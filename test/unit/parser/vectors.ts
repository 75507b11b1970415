// Locates the shared conformance vectors (`../shared/vectors` next to the repository, or $STEVEDORE_VECTORS).
import * as fs from 'fs';
import * as path from 'path';

export function vectorsDir(...sub: string[]): string {
  const root = process.env.STEVEDORE_VECTORS ?? path.resolve(repoRoot(), '..', 'shared', 'vectors');
  const dir = path.join(root, ...sub);
  if (!fs.existsSync(dir)) throw new Error(`conformance vectors not found at ${dir}; set STEVEDORE_VECTORS to the vectors folder`);
  return dir;
}

export interface VectorFile<C> { source: string; function: string; checks: string; cases: C[] }

export function readVectors<C>(...sub: string[]): VectorFile<C> {
  return JSON.parse(fs.readFileSync(vectorsDir(...sub), 'utf8')) as VectorFile<C>;
}

function repoRoot(): string {
  for (let d = __dirname; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json')) && fs.existsSync(path.join(d, 'server'))) return d;
    if (path.dirname(d) === d) return process.cwd();
  }
}
