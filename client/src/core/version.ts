/** Put in by the build from package.json's "version" (esbuild.js, `define`). */
declare const __STEVEDORE_VERSION__: string;

/**
 * Stevedore's version, the one place it is read: `stevedore --version`, the engine's `/version`
 * and `/info`, the API's `Server` header and the registry client's User-Agent all say this.
 */
export const STEVEDORE_VERSION: string = __STEVEDORE_VERSION__;
