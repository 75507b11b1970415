import * as path from 'path';

/**
 * Loads a sibling bundle of dist/extension.js on first use. The engine and the language client
 * are bundled separately (see esbuild.js) so that activation only loads the UI code; the path is
 * computed so esbuild leaves the require alone. From out/ (tests) the module is the transpiled one.
 */
export function loadBundle<T>(bundle: 'engine' | 'docker' | 'languageClient', transpiled: string): T {
  const inDist = path.basename(__dirname) === 'dist';
  return require(inDist ? path.join(__dirname, `${bundle}.js`) : path.join(__dirname, transpiled)) as T;
}
