// The options of the language build tools that take a value, one list per tool: the cache table
// (../../rules/layer-cache.ts, what a `go build` or `mvn package` leaves) and the build reader
// (./builds.ts, where it builds and what it cleans) parse the same command lines, so they read the
// same list. Each list holds only options documented to take a value (an option that takes none
// listed here would swallow the next word: `mvn -am package` would lose its goal); flags without a
// value (go's -trimpath, -race, -v; maven's -am, -amd, -B, -q; cargo's --release, --locked) are not
// listed. test/unit/server/toolOptions.test.ts checks every entry on both readers.
//
// Sources: `go help build` (build flags shared by build/install/test/run), `cargo help build`,
// `mvn --help` (Maven 3.9), `gradle --help` (8.x), `dotnet build --help` / `dotnet publish --help`.
export const TOOL_VALUED = {
  // go: single-dash long options (`-o out`, `-ldflags=...`); -C must come first but is parsed anywhere here
  go: ['o', 'C', 'p', 'ldflags', 'gcflags', 'asmflags', 'tags', 'mod', 'modfile', 'overlay', 'pkgdir', 'pgo', 'buildmode', 'compiler', 'installsuffix', 'toolexec', 'gccgoflags', 'covermode', 'coverpkg', 'exec', 'run', 'count', 'timeout'],
  cargo: ['manifest-path', 'target-dir', 'j', 'jobs', 'p', 'package', 'F', 'features', 'profile', 'target', 'root', 'version', 'bin', 'example', 'index', 'registry', 'git', 'branch', 'tag', 'rev', 'path', 'Z', 'config', 'color'],
  // -D name=value (`-DskipTests` is attached), -P profiles, -pl projects, -rf resume-from, -T threads, -l log file
  maven: ['f', 'file', 's', 'settings', 'gs', 'global-settings', 'P', 'activate-profiles', 'pl', 'projects', 'T', 'threads', 'rf', 'resume-from', 'l', 'log-file', 'D', 'define', 't', 'toolchains', 'gt', 'global-toolchains', 'b', 'builder'],
  // -x task to exclude, -p project dir, -g user home, -D/-P properties, -c settings file (old), -I init script
  gradle: ['x', 'exclude-task', 'p', 'project-dir', 'g', 'gradle-user-home', 'D', 'system-prop', 'P', 'project-prop', 'I', 'init-script', 'c', 'settings-file', 'b', 'build-file', 'max-workers', 'priority', 'warning-mode', 'console', 'project-cache-dir'],
  dotnet: ['c', 'configuration', 'o', 'output', 'r', 'runtime', 'f', 'framework', 's', 'source', 'v', 'verbosity', 'a', 'arch', 'os', 'p', 'property', 'version-suffix', 'packages', 'configfile', 'tool-path'],
} as const satisfies Record<string, readonly string[]>;

type ToolWithOptions = keyof typeof TOOL_VALUED;

const SETS = new Map<ToolWithOptions, ReadonlySet<string>>();
/** The tool's valued options as a set (built once per tool). */
export function valuedOf(tool: ToolWithOptions): ReadonlySet<string> {
  let s = SETS.get(tool);
  if (!s) SETS.set(tool, (s = new Set(TOOL_VALUED[tool])));
  return s;
}

/**
 * Gradle tasks that compile, assemble, test or package (and so resolve dependencies into ~/.gradle and write
 * `build/` in the project): the standard lifecycle and plugin tasks and their variants by name (Android's
 * `assembleDebug`, `bundleRelease`, `compileReleaseKotlin`, `testDebugUnitTest`; a project path before the
 * task, `:app:assembleDebug`). Not `clean`, `help`, `tasks`, `properties`, `wrapper` (no dependency resolved,
 * nothing built). Shared by the cache table (layer-cache) and the build reader (./builds.ts).
 */
const GRADLE_TASK = String.raw`(?:[\w.-]*:)*(?:build\w*|assemble\w*|bundle\w*|boot(?:Jar|War|DistZip|DistTar|BuildImage)|installDist|install[A-Z]\w*|shadowJar|jar|war|ear|distZip|distTar|compile\w*|classes|test\w*|check|publish\w*|native(?:Compile|Image)|jib\w*|lint\w*)`;
export const GRADLE_BUILD_TASK = new RegExp(`^${GRADLE_TASK}$`);
/** A Gradle command line's task words (joined by spaces) with a build task among them; `dependencies` resolves only. */
export const GRADLE_FILLS = new RegExp(`(^| )(dependencies|${GRADLE_TASK})( |$)`);
