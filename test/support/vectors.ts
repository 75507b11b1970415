// Locates the conformance vectors: test/vectors in this repository (a copy of the project's
// shared vectors, with their licenses), or $STEVEDORE_VECTORS to test against another copy.
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..', '..');

export function vectorsDir(...sub: string[]): string {
  const root = process.env.STEVEDORE_VECTORS ?? path.join(REPO, 'test', 'vectors');
  const dir = path.join(root, ...sub);
  if (!fs.existsSync(dir)) throw new Error(`conformance vectors not found at ${dir}; set STEVEDORE_VECTORS to the vectors folder`);
  return dir;
}

export interface VectorFile<C> { source: string; function: string; checks: string; cases: C[] }

export function readVectors<C>(...sub: string[]): VectorFile<C> {
  return JSON.parse(fs.readFileSync(vectorsDir(...sub), 'utf8')) as VectorFile<C>;
}
