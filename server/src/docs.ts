// What the editor says about Dockerfile syntax: instructions, their flags and flag values, parser
// directives. Completion, hover and signature help all read these tables.

export interface InstructionDoc {
  snippet: string;
  doc: string;
  /** One signature line per form, for signature help. */
  signatures: string[];
}

export const INSTRUCTION_DOCS: Record<string, InstructionDoc> = {
  FROM: { snippet: 'FROM ${1:image}:${2:tag}', doc: 'Starts a build stage from a base image (or `scratch`).', signatures: ['FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]'] },
  ARG: { snippet: 'ARG ${1:name}=${2:value}', doc: 'Declares a build argument, set with `--build-arg`. Before the first FROM it is global (usable in FROM lines); in a stage it is visible from here to the end of the stage.', signatures: ['ARG <name>[=<default value>] ...'] },
  RUN: { snippet: 'RUN ${1:command}', doc: 'Runs a command in a new layer.', signatures: ['RUN [--mount=<type=...>] [--network=<default|none|host>] [--security=<sandbox|insecure>] <command>', 'RUN ["<executable>", "<param>", ...]'] },
  CMD: { snippet: 'CMD ["${1:executable}"]', doc: 'The default command of a container.', signatures: ['CMD ["<executable>", "<param>", ...]', 'CMD <command>'] },
  ENTRYPOINT: { snippet: 'ENTRYPOINT ["${1:executable}"]', doc: 'The executable a container runs; CMD becomes its arguments.', signatures: ['ENTRYPOINT ["<executable>", "<param>", ...]', 'ENTRYPOINT <command>'] },
  COPY: { snippet: 'COPY ${1:src} ${2:dest}', doc: 'Copies files from the build context (or another stage) into a layer.', signatures: ['COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<perms>] [--link] [--parents] [--exclude=<path>] <src> ... <dest>'] },
  ADD: { snippet: 'ADD ${1:src} ${2:dest}', doc: 'Like COPY, and also extracts local tar archives and fetches URLs and Git repositories.', signatures: ['ADD [--chown=<user>:<group>] [--chmod=<perms>] [--checksum=<hash>] [--keep-git-dir] [--link] [--exclude=<path>] <src> ... <dest>'] },
  ENV: { snippet: 'ENV ${1:key}=${2:value}', doc: 'Sets an environment variable for later instructions and the container.', signatures: ['ENV <key>=<value> ...'] },
  LABEL: { snippet: 'LABEL ${1:key}="${2:value}"', doc: 'Adds metadata to the image.', signatures: ['LABEL <key>=<value> ...'] },
  EXPOSE: { snippet: 'EXPOSE ${1:port}', doc: 'Documents a port the container listens on (`80`, `53/udp`).', signatures: ['EXPOSE <port>[/<protocol>] ...'] },
  VOLUME: { snippet: 'VOLUME ["${1:/data}"]', doc: 'Declares a mount point for an anonymous volume.', signatures: ['VOLUME ["<path>", ...]', 'VOLUME <path> ...'] },
  USER: { snippet: 'USER ${1:user}', doc: 'Sets the user (and group) for later instructions and the container.', signatures: ['USER <user>[:<group>]'] },
  WORKDIR: { snippet: 'WORKDIR ${1:/app}', doc: 'Sets the working directory for later instructions and the container.', signatures: ['WORKDIR <path>'] },
  HEALTHCHECK: { snippet: 'HEALTHCHECK --interval=${1:30s} CMD ${2:command}', doc: 'Tells how to check that the container still works.', signatures: ['HEALTHCHECK [--interval=<duration>] [--timeout=<duration>] [--start-period=<duration>] [--start-interval=<duration>] [--retries=<n>] CMD <command>', 'HEALTHCHECK NONE'] },
  SHELL: { snippet: 'SHELL ["${1:/bin/sh}", "-c"]', doc: 'Sets the shell that shell-form instructions use.', signatures: ['SHELL ["<executable>", "<param>", ...]'] },
  STOPSIGNAL: { snippet: 'STOPSIGNAL ${1:SIGTERM}', doc: 'The signal that stops the container.', signatures: ['STOPSIGNAL <signal>'] },
  ONBUILD: { snippet: 'ONBUILD ${1:INSTRUCTION}', doc: 'An instruction to run when this image is used as a base.', signatures: ['ONBUILD <INSTRUCTION>'] },
  MAINTAINER: { snippet: 'MAINTAINER ${1:name}', doc: 'Deprecated: use `LABEL org.opencontainers.image.authors=...`.', signatures: ['MAINTAINER <name>'] },
};

export interface FlagDoc {
  doc: string;
  /** Suggested values (after `=`). */
  values?: string[];
  /** A flag without a value (`--link`). */
  bare?: boolean;
}

const DURATION = ['5s', '10s', '30s', '1m', '5m'];

export const FLAG_DOCS: Record<string, Record<string, FlagDoc>> = {
  FROM: { platform: { doc: 'Platform of the base image, e.g. `linux/amd64` or `$BUILDPLATFORM`.', values: ['$BUILDPLATFORM', '$TARGETPLATFORM', 'linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64', 'windows/amd64'] } },
  RUN: {
    mount: { doc: 'Mounts a filesystem for this command only: `type=bind|cache|tmpfs|secret|ssh` and its options. Nothing it holds stays in the layer.', values: ['type='] },
    network: { doc: 'Network for the command: `default`, `none` (no network) or `host`.', values: ['default', 'none', 'host'] },
    security: { doc: '`insecure` runs the command with extended privileges (needs the `security.insecure` entitlement); `sandbox` is the default.', values: ['sandbox', 'insecure'] },
  },
  COPY: {
    from: { doc: 'Copy from a build stage (by name or index), an image or a named context instead of the build context.' },
    chown: { doc: 'Owner of the copied files: `user`, `user:group`, `uid:gid`.', values: ['root:root', '1000:1000'] },
    chmod: { doc: 'Mode of the copied files (octal, or symbolic with BuildKit 1.10+), set in the same layer.', values: ['755', '644', '600', '700', '0755', '0644', 'u=rwX,go=rX'] },
    link: { doc: 'Copy into an independent layer that survives base-image changes without a rebuild.', bare: true },
    parents: { doc: 'Keep the source paths\' parent directories under the destination.', bare: true },
    exclude: { doc: 'Leave out paths matching this pattern (repeatable).' },
  },
  ADD: {
    chown: { doc: 'Owner of the added files: `user`, `user:group`, `uid:gid`.', values: ['root:root', '1000:1000'] },
    chmod: { doc: 'Mode of the added files, set in the same layer.', values: ['755', '644', '600', '700', '0755', '0644'] },
    checksum: { doc: 'Verify a remote source: `sha256:<hex>` (or a Git commit for Git sources).', values: ['sha256:'] },
    'keep-git-dir': { doc: 'Keep the `.git` directory of a Git source.', bare: true },
    link: { doc: 'Add into an independent layer that survives base-image changes without a rebuild.', bare: true },
    exclude: { doc: 'Leave out paths matching this pattern (repeatable).' },
    unpack: { doc: 'Whether to extract archives (`true`/`false`); local tars are extracted by default, URLs are not.', values: ['true', 'false'] },
  },
  HEALTHCHECK: {
    interval: { doc: 'Time between checks (default 30s).', values: DURATION },
    timeout: { doc: 'Time a check may take before it counts as failed (default 30s).', values: DURATION },
    'start-period': { doc: 'Start-up time during which failures do not count (default 0s).', values: DURATION },
    'start-interval': { doc: 'Time between checks during the start period (default 5s).', values: DURATION },
    retries: { doc: 'Consecutive failures before the container is unhealthy (default 3).', values: ['3', '5', '10'] },
  },
};

/** RUN --mount types and each one's options. */
export const MOUNT_TYPES: Record<string, { doc: string; options: Record<string, FlagDoc> }> = {
  bind: {
    doc: 'Bind-mounts a directory or file of the context or another stage/image (read-only by default).',
    options: {
      target: { doc: 'Mount path.' }, source: { doc: 'Path in `from` (default its root).' }, from: { doc: 'Stage, image or context to mount from (default the build context).' },
      rw: { doc: 'Allow writes (discarded afterwards).', bare: true }, readwrite: { doc: 'Allow writes (discarded afterwards).', bare: true },
    },
  },
  cache: {
    doc: 'A persistent cache directory (package manager caches, compiler caches); never part of the layer.',
    options: {
      target: { doc: 'Mount path.' }, id: { doc: 'Cache ID (default: the target path).' }, sharing: { doc: 'Concurrent access: `shared`, `private` or `locked`.', values: ['shared', 'private', 'locked'] },
      from: { doc: 'Stage or image to seed the cache from.' }, source: { doc: 'Subpath in `from`.' }, mode: { doc: 'Mode of a new cache directory (default 0755).', values: ['0755', '0777'] },
      uid: { doc: 'Owner user ID of a new cache directory.', values: ['0', '1000'] }, gid: { doc: 'Owner group ID of a new cache directory.', values: ['0', '1000'] },
      ro: { doc: 'Read-only.', bare: true }, readonly: { doc: 'Read-only.', bare: true },
    },
  },
  tmpfs: { doc: 'A tmpfs for scratch files.', options: { target: { doc: 'Mount path.' }, size: { doc: 'Size limit in bytes.' } } },
  secret: {
    doc: 'A secret (`--secret id=...`) as a file or environment variable; never stored in the image.',
    options: {
      id: { doc: 'Secret ID (default: the target file name).' }, target: { doc: 'Mount path (default /run/secrets/<id>).' }, env: { doc: 'Expose it as this environment variable instead.' },
      required: { doc: 'Fail if the secret is missing.', values: ['true', 'false'] }, mode: { doc: 'File mode (default 0400).', values: ['0400', '0440'] }, uid: { doc: 'Owner user ID.' }, gid: { doc: 'Owner group ID.' },
    },
  },
  ssh: {
    doc: 'Access to an SSH agent socket (`--ssh`) for fetching private repositories.',
    options: {
      id: { doc: 'SSH agent ID (default `default`).' }, target: { doc: 'Socket path.' }, required: { doc: 'Fail if no agent is available.', values: ['true', 'false'] },
      mode: { doc: 'Socket mode (default 0600).', values: ['0600'] }, uid: { doc: 'Owner user ID.' }, gid: { doc: 'Owner group ID.' },
    },
  },
};

export const DIRECTIVE_DOCS: Record<string, { doc: string; values: string[] }> = {
  syntax: { doc: 'The frontend image that builds this Dockerfile, e.g. `docker/dockerfile:1`.', values: ['docker/dockerfile:1', 'docker/dockerfile:1-labs'] },
  escape: { doc: 'The escape character: `\\` (default) or `` ` ``.', values: ['\\', '`'] },
  check: { doc: 'Build checks: `skip=Rule1,Rule2` (or `skip=all`) and `error=true`.', values: ['skip=', 'error=true', 'skip=all'] },
};

export const HEALTHCHECK_TYPES: Record<string, string> = {
  CMD: 'The command that checks the container; exit 0 means healthy, 1 unhealthy.',
  NONE: 'Disable any health check inherited from the base image.',
};
