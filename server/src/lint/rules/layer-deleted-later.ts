// layer-deleted-later: content one instruction adds (files, trees, packages, caches) is removed by a
// later RUN; the bytes stay in the adder's layer. Reported on the adder. Quick fix: move a
// cleanup-only RUN into the RUN that made the files.
import type { Instruction, Stage } from '../../../../client/src/core/parser';
import { firstLine, HygieneFix, HygieneRule, lineOf, listed } from '../hygiene/finding';
import type { DeletedLater, LayerTimeline } from '../hygiene/timeline';
import { literalValue, Stmt } from '../shell';

export const ID = 'layer-deleted-later';

const CLEANUP = /^(rm|set|true|:|apt-get (purge|remove|autoremove|clean|autoclean)|apt (purge|remove|autoremove|clean)|apk (del|cache)|(yum|dnf|microdnf|tdnf) (clean|remove|erase|autoremove)|zypper (clean|cc|rm|remove)|npm cache|yarn cache|pip[0-9.]* (uninstall|cache)|composer (clear-cache|clearcache))\b/;

/** A single-line shell-form RUN whose every command removes something (see mergeFix). */
export function isCleanupOnly(inst: Instruction, stmts: Stmt[]): boolean {
  if (inst.json || inst.heredocs.length || inst.flags.length || inst.startLine !== inst.endLine) return false;
  const calls: string[] = [];
  const walk = (s: Stmt): boolean => {
    const c = s.cmd;
    if (!c || s.redirs.length || s.background || s.negated) return false;
    if (c.type === 'BinaryCmd') return (c.op === '&&' || c.op === '||') && calls.length < 200 && walk(c.x) && walk(c.y);
    if (c.type !== 'CallExpr' || c.assigns.length) return false;
    calls.push(c.args.map((w) => literalValue(w)).join(' '));
    return true;
  };
  // appended to the earlier RUN, relative paths would resolve against wherever that RUN cd'd to
  const absolute = (t: string) => !t.startsWith('rm ') || t.split(/\s+/).slice(1).every((w) => w.startsWith('-') || w.startsWith('/'));
  return stmts.every(walk) && calls.length > 0 && calls.every((t) => CLEANUP.test(t) && !/[\0$`]/.test(t) && absolute(t));
}

/** Nothing between the two changes files, the working directory or the user: the cleanup can run earlier. */
function mergeable(stage: Stage, adder: Instruction, deleter: Instruction): boolean {
  const i = stage.instructions.indexOf(adder);
  const j = stage.instructions.indexOf(deleter);
  if (i < 0 || j <= i) return false;
  return stage.instructions.slice(i + 1, j).every((x) => !['RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'SHELL', 'ONBUILD', 'FROM'].includes(x.keyword));
}

/** A cleanup-only RUN moved into the RUN that made the files: `RUN a` … `RUN rm x` → `RUN a && rm x`. */
function mergeFix(t: LayerTimeline, stage: Stage, d: DeletedLater): HygieneFix[] | undefined {
  const at = t.appendAt.get(d.adder);
  if (d.adder.keyword !== 'RUN' || !at || !t.cleanupOnly.has(d.deleter) || !mergeable(stage, d.adder, d.deleter)) return undefined;
  const script = d.deleter.argsText.trim();
  const edits = [
    { range: { start: at, end: at }, newText: ` && ${script}` },
    { range: { start: { line: d.deleter.startLine, character: 0 }, end: { line: d.deleter.endLine + 1, character: 0 } }, newText: '' },
  ];
  return [{ kind: 'edits', title: `Move the cleanup on line ${lineOf(d.deleter)} into this RUN`, edits }];
}

/**
 * The removals the rule follows, as data: for each, an instruction that adds content, a later RUN
 * that removes it, and later RUNs that do not remove it (test/unit/server/ruleTables.test.ts runs
 * every row; the RUN interpreter's handlers in ../hygiene/run implement them).
 */
export interface RemovalRow { id: string; adds: string; removes: string; silent: string[] }

export const REMOVAL_TABLE: readonly RemovalRow[] = [
  { id: 'rm', adds: 'COPY big.iso /tmp/big.iso', removes: 'RUN rm -f /tmp/big.iso', silent: ['RUN rm -f /tmp/other.iso', 'RUN ls -l /tmp/big.iso'] },
  { id: 'rm in a copied tree', adds: 'COPY . /app', removes: 'RUN rm -rf /app/tests', silent: ['RUN rm -rf /srv/tests'] },
  { id: 'rm relative to WORKDIR and cd', adds: 'COPY dist.tgz /opt/dist.tgz', removes: 'RUN cd /opt && rm dist.tgz', silent: ['RUN cd /srv && rm dist.tgz'] },
  { id: 'find -delete', adds: 'COPY site/ /srv/site/', removes: 'RUN find /srv/site -name "*.map" -delete', silent: ['RUN find /var/log -name "*.log" -delete'] },
  { id: 'find | xargs rm', adds: 'COPY site/ /srv/site/', removes: 'RUN find /srv/site -name "*.map" -print0 | xargs -0 rm -f', silent: ['RUN find /srv/site -name "*.map" -print'] },
  { id: 'mv', adds: 'COPY tool.bin /tmp/tool.bin', removes: 'RUN mv /tmp/tool.bin /usr/local/bin/tool', silent: ['RUN cp /tmp/tool.bin /usr/local/bin/tool'] },
  { id: 'apt-get purge', adds: 'RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*', removes: 'RUN apt-get purge -y gcc', silent: ['RUN apt-get purge -y make'] },
  { id: 'apk del', adds: 'RUN apk add --no-cache --virtual .build gcc musl-dev', removes: 'RUN apk del .build', silent: ['RUN apk del .other'] },
  { id: 'pip uninstall', adds: 'RUN pip install --no-cache-dir sphinx', removes: 'RUN pip uninstall -y sphinx', silent: ['RUN pip uninstall -y flask'] },
  { id: 'npm uninstall -g', adds: 'RUN npm install -g --cache /tmp/c typescript && rm -rf /tmp/c', removes: 'RUN npm uninstall -g typescript', silent: ['RUN npm uninstall -g eslint'] },
  { id: 'npm prune', adds: 'RUN cd /app && npm ci --cache /tmp/c && rm -rf /tmp/c', removes: 'RUN cd /app && npm prune --omit=dev', silent: ['RUN cd /srv && npm prune --omit=dev'] },
  { id: "an archive's top folder extracted into a system folder, removed whole", adds: 'RUN curl -fsSLo /tmp/tool-1.2.tar.gz https://example.com/tool-1.2.tar.gz && tar -xzf /tmp/tool-1.2.tar.gz -C /opt && rm /tmp/tool-1.2.tar.gz',
    removes: 'RUN rm -rf /opt/tool-1.2', silent: ['RUN rm -rf /opt/other', 'RUN rm /opt/tool-1.2'] },
  { id: "a path below an archive's top folder extracted into a system folder", adds: 'RUN curl -fsSLO https://example.com/tool-1.2.tgz && tar xzf tool-1.2.tgz -C /opt && mv tool-1.2.tgz /var/tmp/',
    removes: 'RUN rm -rf /opt/tool-1.2/site-docs', silent: ['RUN rm -rf /opt/tool-12/docs', 'RUN rm -rf /opt/other/docs', 'RUN cd /opt/tool-1.2 && ./install.sh && rm -rf /opt/tool-1.2/docs'] },
  { id: 'an archive extracted with --strip-components into a system folder: a member removed later', adds: 'RUN curl -fsSL https://example.com/node-v20.15.1-linux-x64.tar.xz | tar -xJ -C /usr/local --strip-components=1 --no-same-owner',
    removes: 'RUN rm -rf /usr/local/share/doc/node /usr/local/CHANGELOG.md', silent: ['RUN rm -rf /usr/local/share/man/*', 'RUN rm -rf /usr/local/share/doc', 'RUN rm -rf /usr/local/lib/python3.12/test', 'RUN find /usr/local -name "*.pyc" -delete', 'RUN rm -f /opt/CHANGELOG.md', 'RUN cd /usr/local && ./install.sh && rm -f /usr/local/CHANGELOG.md'] },
  { id: 'a cache cleaned by a later RUN', adds: 'RUN apt-get update', removes: 'RUN rm -rf /var/lib/apt/lists/*', silent: ['RUN rm -rf /var/lib/apt/lists/partial'] },
];

/**
 * The builds the rule follows (../hygiene/run/builds.ts reads each row): the command names, what the
 * build writes into its tree besides the common outputs (COMMON_OUTPUTS there: build/, dist/, out/,
 * *.o ...), and examples run in a tree `COPY . /src` added: a build, a later RUN that removes its
 * outputs (reported on the build's RUN, not on the COPY), and a later RUN that removes sources there
 * (reported on the COPY, not on the build). test/unit/server/ruleTables.test.ts runs every row.
 */
export interface BuildRow {
  id: 'make' | 'ninja' | 'cmake' | 'configure' | 'npm run' | 'composer' | 'setup.py' | 'go build' | 'cargo' | 'maven' | 'gradle' | 'dotnet'; names: string[]; outputs?: string[];
  /**
   * What the row's installs write (`node_modules` for npm/yarn/pnpm/bun install, `vendor` for composer
   * install): a removal of it is the latest install's that wrote it, never a later build script's
   * (`npm ci` then `npm run build`, then `rm -rf node_modules`: the npm ci's), nor the sources'.
   */
  installOutputs?: string[];
  builds: string; removesOutputs: string; removesSources: string;
}

export const BUILD_TABLE: readonly BuildRow[] = [
  { id: 'make', names: ['make', 'gmake'], builds: 'make -j"$(nproc)"', removesOutputs: 'make clean', removesSources: 'rm -rf docs tests' },
  { id: 'ninja', names: ['ninja'], builds: 'ninja -C build', removesOutputs: 'ninja -C build -t clean', removesSources: 'rm -rf examples' },
  { id: 'cmake', names: ['cmake'], builds: 'cmake -S . -B build && cmake --build build -j 4', removesOutputs: 'rm -rf build', removesSources: 'rm -rf third_party' },
  { id: 'configure', names: ['configure', 'autogen.sh'], builds: './configure --prefix=/usr/local', removesOutputs: 'rm -f config.log config.status', removesSources: 'rm -rf m4' },
  { id: 'npm run', names: ['npm', 'yarn', 'pnpm', 'bun'], outputs: ['\\.next', '\\.nuxt', '\\.svelte-kit', '\\.output', 'storybook-static'], installOutputs: ['node_modules', '\\.pnp\\.c?js', '\\.pnp\\.loader\\.mjs'], builds: 'npm run build', removesOutputs: 'rm -rf .next/cache', removesSources: 'rm -rf src' },
  // composer install/update writes vendor/ (and runs the project's post-install scripts) in the tree it runs in
  { id: 'composer', names: ['composer', 'composer.phar'], installOutputs: ['vendor'], builds: 'composer install --no-dev --no-cache --optimize-autoloader', removesOutputs: 'rm -rf vendor/bin', removesSources: 'rm -rf tests .github phpunit.xml.dist' },
  { id: 'setup.py', names: ['python'], builds: 'python3 setup.py bdist_wheel', removesOutputs: 'python3 setup.py clean --all', removesSources: 'rm -rf tests' },
  { id: 'go build', names: ['go'], builds: 'go build -trimpath ./cmd/server', removesOutputs: 'rm -rf /src', removesSources: 'rm -rf testdata' },
  { id: 'cargo', names: ['cargo'], outputs: ['target'], builds: 'cargo build --release --locked', removesOutputs: 'cargo clean', removesSources: 'rm -rf benches' },
  { id: 'maven', names: ['mvn', 'mvnw'], outputs: ['target'], builds: 'mvn -B -q package -DskipTests', removesOutputs: 'rm -rf target/classes', removesSources: 'rm -rf src/test' },
  { id: 'gradle', names: ['gradle', 'gradlew'], outputs: ['\\.gradle'], builds: './gradlew --no-daemon assemble', removesOutputs: './gradlew --no-daemon clean', removesSources: 'rm -rf docs' },
  { id: 'dotnet', names: ['dotnet'], outputs: ['bin', 'obj'], builds: 'dotnet build -c Release', removesOutputs: 'rm -rf obj', removesSources: 'rm -rf tests' },
];

export const layerDeletedLater: HygieneRule = {
  id: ID,
  description: 'Content added by one instruction is removed by a later RUN: the bytes still ship in the earlier layer',
  afterRun({ timeline, inst, stmts }) {
    if (isCleanupOnly(inst, stmts)) timeline.cleanupOnly.add(inst);
  },
  afterStage({ timeline, stage, report, measured }) {
    for (const d of timeline.takeDeletions()) {
      const parts: string[] = [];
      const verbs = `(${[...d.verbs].join(', ')})`;
      if (d.labels.length) parts.push(`${listed(d.labels)} ${verbs}, ${d.partial ? `part of what this ${d.adder.keyword} added` : `which this ${d.adder.keyword} added`}`);
      if (d.packages.length) parts.push(`package${d.packages.length > 1 ? 's' : ''} ${listed(d.packages)} ${verbs}, which this RUN installed`);
      if (d.caches.length) parts.push(`${[...new Set(d.caches)].join(' and ')}, which this RUN left behind`);
      const fix = d.packages.length && !d.labels.length
        ? 'Install, use and remove them in one RUN, or build in a separate stage and copy only the result.'
        : d.caches.length && !d.labels.length
          ? 'Clean up in the RUN that creates it instead.'
          : 'Remove it in the same instruction that adds it, or keep it out of the image (a bind mount, .dockerignore, or a build stage).';
      const message = `The ${d.deleter.keyword} on line ${lineOf(d.deleter)} removes ${parts.join('; it also removes ')}, but the bytes stay in this instruction's layer and still ship with the image. ${fix}${measured(d.adder)}`;
      report({ code: ID, message, range: firstLine(d.adder), inst: d.adder, fixes: mergeFix(timeline, stage, d), paths: d.packages.length ? undefined : d.paths });
    }
  },
};
