// layer-cache: a package manager leaves its cache or index in the RUN's layer (nothing later in the
// same RUN removes it, no cache mount covers it). Reported on the RUN. Quick fixes: the flag that
// avoids the cache, or the cleanup appended to the same RUN.
//
// CACHE_TABLE below is the rule's knowledge as data: one row per package manager or build tool,
// with the commands that fill its cache, where the cache is, the flags and environment variables
// that avoid or move it, and the commands that remove it. Rows marked `handler` are read by the
// dedicated handlers in ../hygiene/run/packages.ts (apt's lists, apk's --virtual, pip's package
// names ...); the others are interpreted as they stand by the same file's table handler.
// test/unit/server/cacheTable.test.ts runs every row: its `leaves` example must be reported with the
// row's wording, and each of its `clean` examples must not.
//
// Language build tools (go, cargo, maven, gradle, dotnet) are `finalOnly`: their caches are reported
// only in stages that end up in the image (the last stage and the stages it is built FROM), because a
// builder stage's cache never ships; package installers are reported in every stage, as a cache in
// a builder stage still slows every export of it and the rule cannot know which stages you push.
import { firstLine, HygieneFix, HygieneRule } from '../hygiene/finding';
import { GRADLE_FILLS, TOOL_VALUED } from '../hygiene/run/toolOptions';

export const ID = 'layer-cache';

export interface CacheRow {
  /** The row's name (messages say "`<command>` leaves <what>"). */
  id: string;
  /** Command names (basenames) the row answers for. */
  names: string[];
  /** The subcommand words (first non-option operands, joined by a space) that fill the cache (bare `yarn` fills it too). */
  fills: RegExp;
  /** How messages name the cache. */
  what: string;
  /** Where it is: the first is the main location, the rest are the same cache elsewhere; `~` is the user's home. */
  paths: string[];
  /** Options that move it (`--cache-dir DIR`), without dashes; with a suffix, the cache is below the option's folder (`bundle install --path DIR`). */
  dirFlags?: Array<string | { name: string; suffix: string }>;
  /** Environment variables that move it; a `/suffix` is appended to the variable's value. */
  dirEnv?: Array<{ name: string; suffix?: string }>;
  /** Options (without dashes, any prefix pip accepts is listed on its own) that avoid the cache. */
  noCacheFlags?: string[];
  /** Environment variables that avoid it when set to a true value (`1`, `true`, `yes`, `on`; not `0`/`false`/`no`/`off`). */
  noCacheEnv?: string[];
  /**
   * Environment variables that avoid it when set to any boolean value, false ones included. pip reads
   * PIP_NO_CACHE_DIR this way: its option callback (pip/_internal/cli/cmdoptions.py,
   * _handle_no_cache_dir) checks that the value parses as a boolean and then disables the cache
   * whatever the value, because `PIP_NO_CACHE_DIR=false`/`off` disabled it in old pips and images
   * still set it so (e.g. sclorg's s2i-python images use `off`). So `PIP_NO_CACHE_DIR=0`, `false`,
   * `off` all leave no cache; a value that is not a boolean makes pip fail, and an empty one is unset.
   */
  noCacheEnvAnyBool?: string[];
  /** The flag the quick fix inserts after the subcommand. */
  flag?: string;
  /** The cleanup the quick fix appends to the RUN. */
  cleanup: string;
  /**
   * Subcommands that remove the cache (`clean --all`): the words, then options of which one must be
   * present (any when empty), or `together`: groups of options that clean all only with every member
   * of one group present (each member a list of spellings: `conda clean -t -p -i`); without them the
   * cleanup does not clean, and the quick fix adds `fix`.
   */
  cleans?: Array<{ sub: RegExp; opts?: string[]; together?: string[][]; fix?: string }>;
  /** Names that are all of the cache's content: `rm CACHE/<glob>` empties it (`*.gem`). */
  globs?: string[];
  /** Options that take a value (for option parsing; the build tools' lists are shared with builds.ts, see toolOptions.ts). */
  valued?: readonly string[];
  /** Reported only in stages that ship (see the header). */
  finalOnly?: boolean;
  /** Single-dash long options (`go clean -modcache`, maven's `-pl svc -am`). */
  dashLong?: boolean;
  /** Read by a dedicated handler in packages.ts rather than the table handler. */
  handler?: boolean;
  /** A RUN that leaves the cache, and RUNs that do not (tested row by row). */
  leaves: string;
  clean: string[];
}

export const CACHE_TABLE: readonly CacheRow[] = [
  { id: 'apt', handler: true, names: ['apt-get', 'apt', 'aptitude'], fills: /^update$/, what: "apt's package lists", paths: ['/var/lib/apt/lists'], cleanup: 'rm -rf /var/lib/apt/lists/*',
    cleans: [{ sub: /^(dist-clean|distclean)$/ }], leaves: 'apt-get update && apt-get install -y curl',
    clean: ['apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', 'apt-get update && apt-get install -y curl && apt-get dist-clean', '--mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl'] },
  { id: 'apk', handler: true, names: ['apk'], fills: /^(add|update|upgrade|fix)$/, what: "apk's package index cache", paths: ['/var/cache/apk', '/etc/apk/cache'], dirFlags: ['cache-dir'], noCacheFlags: ['no-cache', 'no-network'], flag: '--no-cache', cleanup: 'rm -rf /var/cache/apk/*',
    cleans: [{ sub: /^cache (clean|purge|sync)$/ }], leaves: 'apk add curl', clean: ['apk add --no-cache curl', 'apk add curl && rm -rf /var/cache/apk/*', 'apk update && apk add curl && apk cache clean'] },
  { id: 'dnf', handler: true, names: ['dnf', 'dnf5', 'yum', 'microdnf', 'tdnf'], fills: /^(install|in|groupinstall|localinstall|reinstall|update|upgrade|distro-sync|makecache|group install|module install|builddep|swap|downgrade|up)$/, what: "dnf's metadata and package cache", paths: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'], cleanup: 'dnf clean all',
    cleans: [{ sub: /^clean all$/ }], leaves: 'dnf install -y curl', clean: ['dnf install -y curl && dnf clean all', 'yum install -y curl && yum clean all && rm -rf /var/cache/yum'] },
  { id: 'zypper', handler: true, names: ['zypper'], fills: /^(install|in|update|up|dist-upgrade|dup|refresh|ref|patch|source-install|si)$/, what: "zypper's metadata and package cache", paths: ['/var/cache/zypp'], dirFlags: ['cache-dir', 'C'], cleanup: 'zypper clean --all',
    cleans: [{ sub: /^(clean|cc)$/, opts: ['a', 'all'], fix: '--all' }], leaves: 'zypper --non-interactive install curl && zypper clean', clean: ['zypper -n install curl && zypper clean --all', 'zypper -n in curl && zypper cc -a'] },
  // pacman (Arch): -S downloads packages into /var/cache/pacman/pkg and keeps them; -y refreshes the sync
  // databases in /var/lib/pacman/sync (the index, as apt's lists: tens of MB, and images ship without
  // them). `pacman -Scc` asks "Do you want to remove ALL files from cache? [y/N]" through noyes(), whose
  // default is no, and --noconfirm answers every question with its default (pacman's src/pacman/sync.c
  // sync_cleancache and util.c question()): `pacman -Scc --noconfirm` keeps the cache, as does -Scc with no
  // answer on stdin; `yes | pacman -Scc` empties it. No -Sc/-Scc removes the sync databases of the
  // configured repositories (only "unused" ones): `rm -rf /var/lib/pacman/sync/*` does.
  { id: 'pacman', handler: true, names: ['pacman'], fills: /^-S$/, what: "pacman's package cache", paths: ['/var/cache/pacman/pkg'], dirFlags: ['cachedir'], cleanup: 'rm -rf /var/cache/pacman/pkg/*',
    cleans: [], leaves: 'pacman -S --noconfirm --needed curl git && pacman -Scc --noconfirm',
    clean: ['pacman -S --noconfirm curl && yes | pacman -Scc', 'pacman -S --noconfirm curl && rm -rf /var/cache/pacman/pkg/*', '--mount=type=cache,target=/var/cache/pacman/pkg pacman -S --noconfirm curl', 'pacman -S --noconfirm --cachedir /tmp/pkgs curl && rm -rf /tmp/pkgs'] },
  { id: 'pacman-sync', handler: true, names: ['pacman'], fills: /^-Sy$/, what: "pacman's sync databases", paths: ['/var/lib/pacman/sync'], dirFlags: ['dbpath'], cleanup: 'rm -rf /var/lib/pacman/sync/*',
    cleans: [], leaves: 'pacman -Sy && yes | pacman -Scc', clean: ['pacman -Sy --noconfirm && rm -rf /var/lib/pacman/sync/*', 'pacman -S --noconfirm curl && rm -rf /var/cache/pacman/pkg/*'] },
  // xbps (Void): xbps-install keeps the packages it downloads in /var/cache/xbps (-c/--cachedir moves it).
  // `xbps-remove -O` ("cleans cache directory removing obsolete binary packages"; twice, since xbps PR
  // #530, also uninstalled ones) keeps the archives of the installed versions: only an rm empties it.
  { id: 'xbps', names: ['xbps-install'], fills: /^.*$/, what: "xbps's package cache", paths: ['/var/cache/xbps'], dirFlags: ['c', 'cachedir'], valued: ['c', 'cachedir', 'r', 'rootdir', 'C', 'config', 'R', 'repository'],
    cleanup: 'rm -rf /var/cache/xbps/*', cleans: [], leaves: 'xbps-install -Syu && xbps-install -y curl git && xbps-remove -O',
    clean: ['xbps-install -Sy curl && rm -rf /var/cache/xbps/*', 'xbps-install -Sy --cachedir /tmp/xbps curl && rm -rf /tmp/xbps', '--mount=type=cache,target=/var/cache/xbps xbps-install -Sy curl'] },
  { id: 'pip', handler: true, names: ['pip', 'pip3', 'python -m pip'], fills: /^(install|download|wheel)$/, what: "pip's download and wheel cache", paths: ['~/.cache/pip'], dirFlags: ['cache-dir'], dirEnv: [{ name: 'PIP_CACHE_DIR' }, { name: 'XDG_CACHE_HOME', suffix: '/pip' }],
    noCacheFlags: ['no-cache-dir', 'no-cache-di', 'no-cache-d', 'no-cache-', 'no-cache', 'no-cach', 'no-cac', 'no-ca'], noCacheEnvAnyBool: ['PIP_NO_CACHE_DIR'], flag: '--no-cache-dir', cleanup: 'rm -rf ~/.cache/pip',
    cleans: [{ sub: /^cache (purge|remove)$/ }], leaves: 'pip install flask', clean: ['pip install --no-cache-dir flask', 'pip install --no-cache flask', 'PIP_NO_CACHE_DIR=1 pip install flask', 'PIP_NO_CACHE_DIR=off pip install flask', 'PIP_NO_CACHE_DIR=false pip install flask', 'PIP_NO_CACHE_DIR=0 pip install flask', 'pip install flask && pip cache purge', 'pip install flask && rm -rf /root/.cache/pip'] },
  { id: 'npm', handler: true, names: ['npm'], fills: /^(install|i|in|ins|inst|insta|instal|isnt|isnta|isntal|isntall|add|ci|clean-install|ic|install-clean|isntall-clean|install-ci-test|cit|install-test|it|update|up|upgrade|udpate)$/, what: "npm's package cache", paths: ['~/.npm'], dirFlags: ['cache'], dirEnv: [{ name: 'npm_config_cache' }], cleanup: 'npm cache clean --force',
    cleans: [{ sub: /^cache (clean|clear|rm)$/ }], leaves: 'npm ci', clean: ['npm ci && npm cache clean --force', 'npm ci && rm -rf /root/.npm', '--mount=type=cache,target=/root/.npm npm ci'] },
  { id: 'yarn', handler: true, names: ['yarn'], fills: /^(install|add|upgrade|up|global add|global upgrade)$/, what: "yarn's package cache", paths: ['/usr/local/share/.cache/yarn', '~/.cache/yarn', '~/.yarn/berry/cache'], dirFlags: ['cache-folder'], dirEnv: [{ name: 'YARN_CACHE_FOLDER' }], cleanup: 'yarn cache clean',
    cleans: [{ sub: /^cache clean$/ }], leaves: 'yarn install --frozen-lockfile', clean: ['yarn install --frozen-lockfile && yarn cache clean'] },
  { id: 'composer', handler: true, names: ['composer', 'composer.phar'], fills: /^(install|i|require|r|req|update|u|upgrade|create-project|reinstall)$/, what: "composer's package cache", paths: ['~/.cache/composer', '~/.composer/cache'], dirEnv: [{ name: 'COMPOSER_CACHE_DIR' }, { name: 'COMPOSER_HOME', suffix: '/cache' }],
    noCacheFlags: ['no-cache'], noCacheEnv: ['COMPOSER_NO_CACHE'], flag: '--no-cache', cleanup: 'composer clear-cache',
    cleans: [{ sub: /^(clear-cache|clearcache|cc)$/ }], leaves: 'composer install --no-dev', clean: ['composer install --no-dev --no-cache', 'composer install --no-dev && composer clear-cache', 'export COMPOSER_HOME="$(mktemp -d)" && composer install --no-dev && rm -rf "$COMPOSER_HOME"'] },
  // ---- read by the table handler
  { id: 'gem', names: ['gem'], globs: ['*.gem'], fills: /^(install|i|update)$/, what: "RubyGems' downloaded .gem files", paths: ['/usr/local/bundle/cache', '~/.gem', '~/.local/share/gem'], dirEnv: [{ name: 'GEM_HOME', suffix: '/cache' }], valued: ['v', 'version', 'i', 'install-dir', 'n', 'bindir', 'source', 'platform'],
    cleanup: 'rm -rf /usr/local/bundle/cache', cleans: [], leaves: 'gem install bundler:2.5.6', clean: ['gem install bundler && rm -rf /usr/local/bundle/cache', 'gem install rails && rm -rf /usr/local/bundle/cache/*.gem'] },
  { id: 'bundle', names: ['bundle', 'bundler'], globs: ['*.gem'], fills: /^(install|update)?$/, what: "Bundler's downloaded .gem files", paths: ['/usr/local/bundle/cache', '~/.bundle/cache'], dirEnv: [{ name: 'BUNDLE_PATH', suffix: '/ruby/*/cache' }, { name: 'GEM_HOME', suffix: '/cache' }], dirFlags: [{ name: 'path', suffix: '/ruby/*/cache' }], valued: ['jobs', 'j', 'retry', 'path', 'without', 'with', 'gemfile'],
    cleanup: 'rm -rf /usr/local/bundle/cache', cleans: [], leaves: 'bundle install --jobs 4', clean: ['bundle install && rm -rf /usr/local/bundle/cache', 'bundle install && rm -rf ~/.bundle/cache /usr/local/bundle/cache/*.gem', 'bundle install --path vendor/bundle && rm -rf vendor/bundle/ruby/*/cache'] },
  // `conda clean` (and mamba's and micromamba's, which take the same options) removes only what its
  // options name (docs.conda.io, commands/clean): -t/--tarballs the downloaded archives, -p/--packages
  // (micromamba: --pkgs) the extracted packages no environment uses, -i/--index-cache the channels'
  // repodata (tens to hundreds of MB for conda-forge). -a/--all is all three (plus locks and logs), and
  // -f/--force-pkgs-dirs removes the whole package cache; one of -t, -p, -i alone leaves the rest.
  { id: 'conda', names: ['conda', 'mamba', 'micromamba'], fills: /^(install|create|update|upgrade|env create|env update)$/, what: "conda's package tarballs and extracted packages", paths: ['/opt/conda/pkgs'], dirEnv: [{ name: 'CONDA_PKGS_DIRS' }, { name: 'CONDA_DIR', suffix: '/pkgs' }, { name: 'MAMBA_ROOT_PREFIX', suffix: '/pkgs' }],
    valued: ['n', 'name', 'p', 'prefix', 'c', 'channel', 'f', 'file'], cleanup: 'conda clean --all --yes',
    cleans: [{ sub: /^clean$/, opts: ['a', 'all', 'f', 'force-pkgs-dirs'], together: [['t|tarballs', 'p|packages|pkgs', 'i|index-cache']], fix: '--all' }],
    leaves: 'conda install -y numpy && conda clean --tarballs -y',
    clean: ['conda install -y numpy && conda clean -afy', 'mamba install -y numpy && mamba clean --all --yes', 'micromamba install -y -n base numpy && micromamba clean --all --yes', 'conda install -y numpy && conda clean -tipy',
      'conda install -y numpy && conda clean --force-pkgs-dirs -y', 'micromamba install -y numpy && micromamba clean --tarballs --pkgs --index-cache -y'] },
  { id: 'pnpm', names: ['pnpm'], fills: /^(install|i|add|update|up)$/, what: "pnpm's store and metadata cache", paths: ['~/.local/share/pnpm/store', '~/.cache/pnpm'], dirFlags: ['store-dir'], dirEnv: [{ name: 'PNPM_STORE_DIR' }, { name: 'npm_config_store_dir' }, { name: 'PNPM_HOME', suffix: '/store' }], valued: ['store-dir', 'filter', 'F', 'C', 'dir', 'network-concurrency', 'child-concurrency', 'workspace-concurrency', 'reporter', 'registry', 'loglevel', 'modules-dir', 'virtual-store-dir', 'lockfile-dir'],
    cleanup: 'pnpm store prune', cleans: [{ sub: /^store prune$/ }], leaves: 'pnpm install --frozen-lockfile', clean: ['--mount=type=cache,id=pnpm,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile', 'pnpm install --frozen-lockfile && pnpm store prune',
      // pnpm's store-dir defaults to $PNPM_HOME/store when PNPM_HOME is set (pnpm.io/npmrc#store-dir)
      '--mount=type=cache,id=pnpm,target=/pnpm/store PNPM_HOME=/pnpm pnpm install --frozen-lockfile'] },
  { id: 'bun', names: ['bun'], fills: /^(install|i|add)$/, what: "bun's package cache", paths: ['~/.bun/install/cache'], dirEnv: [{ name: 'BUN_INSTALL_CACHE_DIR' }], valued: ['cwd', 'registry', 'backend', 'network-concurrency', 'concurrent-scripts', 'cache-dir', 'c', 'config', 'filter'], noCacheFlags: ['no-cache'], flag: '--no-cache',
    cleanup: 'rm -rf ~/.bun/install/cache', cleans: [{ sub: /^pm cache rm$/ }], leaves: 'bun install --frozen-lockfile', clean: ['bun install --frozen-lockfile --no-cache', 'bun install && bun pm cache rm'] },
  { id: 'poetry', names: ['poetry'], fills: /^(install|add|update|lock|sync)$/, what: "poetry's package cache", paths: ['~/.cache/pypoetry'], dirEnv: [{ name: 'POETRY_CACHE_DIR' }], noCacheFlags: ['no-cache'], flag: '--no-cache', valued: ['only', 'with', 'without', 'E', 'extras', 'C', 'directory', 'P', 'project'],
    cleanup: 'rm -rf ~/.cache/pypoetry', cleans: [], leaves: 'poetry install --no-root --only main', clean: ['poetry install --no-root --no-cache', 'poetry install --no-root && rm -rf /root/.cache/pypoetry', 'POETRY_CACHE_DIR=/tmp/poetry poetry install && rm -rf /tmp/poetry'] },
  { id: 'uv', names: ['uv'], fills: /^(pip install|pip sync|sync|add|tool install|run)$/, what: "uv's package cache", paths: ['~/.cache/uv'], dirFlags: ['cache-dir'], dirEnv: [{ name: 'UV_CACHE_DIR' }], noCacheFlags: ['no-cache', 'n'], noCacheEnv: ['UV_NO_CACHE'], flag: '--no-cache',
    valued: ['p', 'python', 'r', 'requirement', 'cache-dir', 'extra', 'group', 'index-url'], cleanup: 'uv cache clean', cleans: [{ sub: /^cache (clean|prune)$/ }], leaves: 'uv pip install --system flask', clean: ['uv pip install --system --no-cache flask', 'UV_NO_CACHE=1 uv sync --frozen', 'uv sync --frozen && uv cache clean'] },
  { id: 'pipenv', names: ['pipenv'], fills: /^(install|sync)$/, what: "pipenv's and pip's caches", paths: ['~/.cache/pipenv', '~/.cache/pip'], dirEnv: [{ name: 'PIPENV_CACHE_DIR' }], cleanup: 'pipenv --clear && rm -rf ~/.cache/pip',
    cleans: [], leaves: 'pipenv install --system --deploy', clean: ['pipenv install --system --deploy && rm -rf /root/.cache/pipenv /root/.cache/pip'] },
  { id: 'pecl', names: ['pecl'], fills: /^(install|upgrade)$/, what: "PECL's download and build cache", paths: ['/tmp/pear'], cleanup: 'rm -rf /tmp/pear',
    cleans: [], leaves: 'pecl install redis-6.0.2', clean: ['pecl install redis && docker-php-ext-enable redis && rm -rf /tmp/pear'] },
  { id: 'cargo', finalOnly: true, names: ['cargo'], fills: /^(install|build|fetch|b)$/, what: "cargo's registry cache", paths: ['~/.cargo/registry', '~/.cargo/git'], dirEnv: [{ name: 'CARGO_HOME', suffix: '/registry' }], valued: TOOL_VALUED.cargo,
    cleanup: 'rm -rf ~/.cargo/registry ~/.cargo/git', cleans: [], leaves: 'cargo install ripgrep', clean: ['cargo install ripgrep && rm -rf /root/.cargo/registry /root/.cargo/git', '--mount=type=cache,target=/root/.cargo/registry cargo install ripgrep'] },
  { id: 'go-mod', finalOnly: true, dashLong: true, names: ['go'], fills: /^(build|install|get|mod download|test|run|generate)$/, what: "Go's module cache", paths: ['/go/pkg/mod', '~/go/pkg/mod'], dirEnv: [{ name: 'GOMODCACHE' }, { name: 'GOPATH', suffix: '/pkg/mod' }], valued: TOOL_VALUED.go,
    cleanup: 'go clean -modcache', cleans: [{ sub: /^clean$/, opts: ['modcache'] }], leaves: 'go mod download', clean: ['go mod download && go build ./... && go clean -modcache -cache', '--mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build ./...'] },
  { id: 'go-build', finalOnly: true, dashLong: true, names: ['go'], fills: /^(build|install|test|run|generate)$/, what: "Go's build cache", paths: ['~/.cache/go-build'], dirEnv: [{ name: 'GOCACHE' }, { name: 'XDG_CACHE_HOME', suffix: '/go-build' }], valued: TOOL_VALUED.go,
    cleanup: 'go clean -cache', cleans: [{ sub: /^clean$/, opts: ['cache'] }], leaves: 'go build -o /usr/local/bin/app ./cmd/app && go clean -modcache', clean: ['go build -o /usr/local/bin/app . && go clean -cache -modcache'] },
  // build, publish, test (and add package) restore implicitly, which fills the package folder; with
  // --no-restore they only use what an earlier `dotnet restore` put there, download nothing, and
  // leave no cache in their own layer (learn.microsoft.com: dotnet build/publish/test, --no-restore).
  { id: 'nuget', finalOnly: true, names: ['dotnet'], fills: /^(restore|build|publish|test|tool install|add package)$/, what: "NuGet's package folder", paths: ['~/.nuget/packages'], dirEnv: [{ name: 'NUGET_PACKAGES' }], noCacheFlags: ['no-restore'], valued: TOOL_VALUED.dotnet,
    cleanup: 'dotnet nuget locals all --clear', cleans: [{ sub: /^nuget locals all$/, opts: ['clear'] }], leaves: 'dotnet publish -c Release -o /app', clean: ['dotnet publish -c Release -o /app && dotnet nuget locals all --clear', 'dotnet publish -c Release -o /app && rm -rf /root/.nuget/packages',
      'dotnet publish -c Release -o /app --no-restore', 'dotnet build --no-restore -c Release', 'dotnet test --no-restore'] },
  { id: 'maven', finalOnly: true, dashLong: true, names: ['mvn', 'mvnw'], fills: /^(package|install|verify|compile|test|dependency:go-offline|dependency:resolve|clean package|clean install|clean verify)$/, what: "Maven's local repository", paths: ['~/.m2/repository'], valued: TOOL_VALUED.maven,
    cleanup: 'rm -rf ~/.m2/repository', cleans: [], leaves: 'mvn -B package -DskipTests', clean: ['mvn -B package -DskipTests && rm -rf /root/.m2/repository', '--mount=type=cache,target=/root/.m2 mvn -B package -DskipTests'] },
  { id: 'gradle', finalOnly: true, names: ['gradle', 'gradlew'], fills: GRADLE_FILLS, what: "Gradle's dependency and build caches", paths: ['~/.gradle/caches', '~/.gradle/wrapper'], dirEnv: [{ name: 'GRADLE_USER_HOME', suffix: '/caches' }], valued: TOOL_VALUED.gradle,
    cleanup: 'rm -rf ~/.gradle/caches ~/.gradle/wrapper', cleans: [], leaves: 'gradle build --no-daemon', clean: ['gradle build --no-daemon && rm -rf /root/.gradle/caches /root/.gradle/wrapper', '--mount=type=cache,target=/root/.gradle gradle build --no-daemon'] },
];

/**
 * Config commands that move or turn off a cache for the rest of the stage (they write the tool's
 * config file, which later RUNs read too), as data: the command names, the setting's key, the
 * environment variable that means the same (the rows above read it), and, for a key whose false value
 * turns the cache off (`pip config set global.cache-dir false`), the variable that says so. `sets` moves
 * the cache and removes it where it went (silent); `leaves` moves it and leaves it (reported with the
 * new path, `moved`). test/unit/server/cacheTable.test.ts runs every row.
 */
export interface CacheSettingRow {
  names: string[]; key: RegExp; variable: string;
  /** The value is a boolean kept as it is (`no-cache-dir true`), not a folder. */
  flag?: boolean;
  falseVariable?: string; sets: string; leaves?: string; moved?: string;
  /** A true value sets `variable` to this (relative to the working directory) unless it is set already (Bundler's deployment mode installs into vendor/bundle). */
  implies?: string;
}

export const CACHE_SETTINGS: readonly CacheSettingRow[] = [
  { names: ['bundle', 'bundler'], key: /^path$/, variable: 'BUNDLE_PATH', sets: 'bundle config set --local path vendor/bundle && bundle install && rm -rf vendor/bundle/ruby/*/cache', leaves: 'bundle config path /srv/gems && bundle install', moved: '/srv/gems/ruby/*/cache' },
  // bundle-config(1): "deployment: equivalent to setting frozen to true and path to vendor/bundle"
  { names: ['bundle', 'bundler'], key: /^deployment$/, variable: 'BUNDLE_PATH', implies: 'vendor/bundle', sets: 'bundle config set --local deployment true && bundle install && rm -rf vendor/bundle/ruby/*/cache', leaves: 'bundle config set deployment 1 && bundle install', moved: '/app/vendor/bundle/ruby/*/cache' },
  { names: ['npm'], key: /^cache$/, variable: 'npm_config_cache', sets: 'npm config set cache /tmp/npm-cache --global && npm ci && rm -rf /tmp/npm-cache', leaves: 'npm config set cache=/srv/npm-cache && npm ci', moved: '/srv/npm-cache' },
  { names: ['yarn'], key: /^cache-folder$/, variable: 'YARN_CACHE_FOLDER', sets: 'yarn config set cache-folder /tmp/yarn-cache && yarn install && rm -rf /tmp/yarn-cache', leaves: 'yarn config set cache-folder /srv/yc && yarn install', moved: '/srv/yc' },
  { names: ['pnpm'], key: /^store-dir$/, variable: 'npm_config_store_dir', sets: 'pnpm config set store-dir /tmp/pnpm-store && pnpm install && rm -rf /tmp/pnpm-store', leaves: 'pnpm config set store-dir /srv/store && pnpm install', moved: '/srv/store' },
  { names: ['pip', 'pip3'], key: /^((global|install|download|wheel)\.)?cache-dir$/, variable: 'PIP_CACHE_DIR', falseVariable: 'PIP_NO_CACHE_DIR', sets: 'pip config set global.cache-dir false && pip install flask', leaves: 'pip config set global.cache-dir /srv/pip-cache && pip install flask', moved: '/srv/pip-cache' },
  { names: ['pip', 'pip3'], key: /^((global|install|download|wheel)\.)?no-cache-dir$/, variable: 'PIP_NO_CACHE_DIR', flag: true, sets: 'pip config --global set global.no-cache-dir true && pip install flask' },
  { names: ['composer', 'composer.phar'], key: /^cache-dir$/, variable: 'COMPOSER_CACHE_DIR', sets: 'composer config --global cache-dir /tmp/cc && composer install && rm -rf /tmp/cc', leaves: 'composer config -g cache-dir /srv/cc && composer install', moved: '/srv/cc' },
  { names: ['poetry'], key: /^cache-dir$/, variable: 'POETRY_CACHE_DIR', sets: 'poetry config cache-dir /tmp/pc && poetry install && rm -rf /tmp/pc', leaves: 'poetry config cache-dir /srv/pc && poetry install', moved: '/srv/pc' },
];

/** The row with this id (the dedicated handlers read its subcommands, wording, flag and cleanup). */
export function cacheRow(id: string): CacheRow {
  const row = CACHE_TABLE.find((r) => r.id === id);
  if (!row) throw new Error(`no cache row ${id}`);
  return row;
}

export const layerCache: HygieneRule = {
  id: ID,
  description: 'A package manager leaves its cache or index in the layer',
  afterRun({ timeline, inst, appendAt, report, measured }) {
    for (const it of timeline.live('cache')) {
      if (it.inst !== inst || !it.cache) continue;
      const c = it.cache;
      const fixes: HygieneFix[] = [];
      if (c.completeCleanup) fixes.push({ kind: 'insert', ...c.completeCleanup });
      if (c.flag && c.flagAt) fixes.push({ kind: 'insert', title: `Add ${c.flag} to ${c.command}`, at: c.flagAt, text: ` ${c.flag}` });
      if (appendAt) fixes.push({ kind: 'insert', title: `Append \`&& ${c.cleanup}\` to this RUN`, at: appendAt, text: ` && ${c.cleanup}` });
      const env = c.flag === '--no-cache-dir' ? ' (or set ENV PIP_NO_CACHE_DIR=1)' : '';
      const remedy = c.flag
        ? `Use \`${c.command} ${c.flag}\`${env}, or add \`&& ${c.cleanup}\` at the end of this RUN`
        : `Add \`&& ${c.cleanup}\` at the end of this RUN`;
      const message = `\`${c.command}\` leaves ${c.what} (${it.path}) in this RUN's layer: nothing later in the same RUN removes it and no cache mount covers it. ${remedy}, or use RUN --mount=type=cache,target=${c.mount}.${measured(inst)}`;
      report({ code: ID, message, range: firstLine(inst), inst, fixes, paths: [it.path, ...(it.alts ?? [])] });
    }
  },
};
