// layer-rewrite: a later RUN changes earlier files only in metadata (chmod, chown, touch) or in place
// (sed -i, strip ...): each whole file is stored again in the RUN's layer. Reported on the RUN. Quick
// fix: a lone `RUN chmod`/`chown` of a copied file becomes COPY --chmod/--chown.
import type { Instruction } from '../../../../client/src/core/parser';
import { firstLine, HygieneFix, HygieneRule, lineOf, listed } from '../hygiene/finding';
import type { PackageHome } from '../hygiene/packageFiles';
import type { Rewrite } from '../hygiene/timeline';

export const ID = 'layer-rewrite';

/** `chmod` modes COPY --chmod can take for the same result on a freshly copied file. */
function copyMode(mode: string | undefined): string | undefined {
  if (!mode) return undefined;
  if (/^[0-7]{3,4}$/.test(mode)) return mode;
  // adding read/execute for everyone to a freshly copied (0644) file
  if (/^(a|ugo)?\+r?x$/.test(mode) || /^(a|ugo)?\+xr$/.test(mode)) return '755';
  return undefined;
}

/** `RUN chmod 755 /x` right after `COPY x /x`: move it into the COPY as --chmod/--chown and drop the RUN. */
function copyFlagFix(rw: Rewrite, adders: Instruction[]): HygieneFix[] | undefined {
  if (!rw.simple || adders.length !== 1 || rw.entries.length !== 1 || !rw.entries[0].whole) return undefined;
  const copy = adders[0];
  if (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') return undefined;
  const flag = rw.verb.startsWith('chmod') ? 'chmod' : rw.verb.startsWith('chown') ? 'chown' : undefined;
  const value = flag === 'chmod' ? copyMode(rw.mode) : flag === 'chown' && rw.owner && /^[\w.-]+(:[\w.-]+)?$/.test(rw.owner) ? rw.owner : undefined;
  if (!flag || !value || !copy.argsRange) return undefined;
  const existing = copy.flags.find((f) => f.name === flag);
  const edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> = [];
  if (existing) edits.push({ range: existing.range, newText: `--${flag}=${value}` });
  else {
    const at = copy.flags.length ? copy.flags[copy.flags.length - 1].range.end : undefined;
    if (at) edits.push({ range: { start: at, end: at }, newText: ` --${flag}=${value}` });
    else edits.push({ range: { start: copy.argsRange.start, end: copy.argsRange.start }, newText: `--${flag}=${value} ` });
  }
  edits.push({ range: { start: { line: rw.inst.startLine, character: 0 }, end: { line: rw.inst.endLine + 1, character: 0 } }, newText: '' });
  return [{ kind: 'edits', title: `Use ${copy.keyword} --${flag}=${value} on line ${lineOf(copy)} and remove this RUN`, edits }];
}

/**
 * The tools the rule knows rewrite files, as data: the command names each row answers for (the RUN
 * interpreter's handlers are keyed by them, ../hygiene/run/files.ts), a RUN that rewrites the file
 * `COPY app.conf /etc/app.conf` added and RUNs that do not (test/unit/server/ruleTables.test.ts runs
 * every row). `find -exec`/`xargs` and `>>` reach the same rows.
 */
export interface RewriteRow { id: 'meta' | 'touch' | 'sed' | 'perl' | 'inplace'; names: string[]; rewrites: string; silent: string[] }

export const REWRITE_TABLE: readonly RewriteRow[] = [
  { id: 'meta', names: ['chmod', 'chown', 'chgrp'], rewrites: 'chmod 600 /etc/app.conf', silent: ['chmod 755 /etc', 'mkdir -p /data && chown -R 1000 /data'] },
  { id: 'touch', names: ['touch'], rewrites: 'touch /etc/app.conf', silent: ['touch /etc/other.conf'] },
  { id: 'sed', names: ['sed'], rewrites: "sed -i 's/a/b/' /etc/app.conf", silent: ["sed 's/a/b/' /etc/app.conf > /tmp/out.conf"] },
  { id: 'perl', names: ['perl'], rewrites: "perl -pi -e 's/a/b/' /etc/app.conf", silent: ["perl -ne 'print' /etc/app.conf"] },
  { id: 'inplace', names: ['strip', 'upx', 'dos2unix', 'setfacl', 'patchelf', 'truncate'], rewrites: 'dos2unix /etc/app.conf', silent: ['dos2unix /etc/other.conf'] },
];

/**
 * Where a package keeps files that name it (../hygiene/packageFiles.ts explains the heuristic), as
 * data: an earlier RUN that installs, a RUN that rewrites that package's files, and RUNs that do not
 * (test/unit/server/ruleTables.test.ts runs every row).
 */
export interface PackageFileRow extends PackageHome { installs: string; rewrites: string; silent: string[] }

export const PACKAGE_FILE_TABLE: readonly PackageFileRow[] = [
  { id: 'tree', homes: ['/etc', '/usr/share', '/usr/lib', '/usr/lib64', '/usr/libexec', '/usr/local/lib', '/usr/local/share', '/usr/local/etc', '/opt'],
    installs: 'RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*', rewrites: 'chown -R www-data:www-data /var/log/nginx /etc/nginx',
    silent: ['chown www-data /etc/nginx', 'chown -R www-data /var/lib/nginx /var/log/nginx /run/nginx', 'mkdir -p /etc/nginx/certs && chown -R www-data /etc/nginx/certs', 'mkdir -p /etc/nginx/keys/example.org && chown -R www-data /etc/nginx/keys', 'mkdir -p /usr/share/nginx/a/b && chown -R www-data /usr/share/nginx/a', 'chown -R www-data /etc/apache2', 'chmod 600 /etc/nginx/certs'] },
  { id: 'file', homes: ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin', '/usr/local/sbin', '/etc/init.d', '/etc/default', '/etc/logrotate.d'],
    installs: 'RUN curl -fsSLo /tmp/foo_1.2_amd64.deb https://example.com/foo_1.2_amd64.deb && dpkg -i /tmp/foo_1.2_amd64.deb && rm /tmp/foo_1.2_amd64.deb', rewrites: 'chmod +x /usr/bin/foo',
    silent: ['chmod +x /usr/bin/bar', 'chmod -R 755 /usr/bin/foo-*', 'chmod +x /usr/local/bin/foo/bin/foo'] },
  { id: 'module', homes: ['site-packages', 'dist-packages', 'node_modules'], managers: ['pip', 'npm'],
    installs: 'RUN pip install --no-cache-dir flask', rewrites: 'chmod -R g+w /usr/local/lib/python3.12/site-packages/flask',
    silent: ['chmod -R g+w /usr/local/lib/python3.12/site-packages/django', 'chmod g+w /usr/local/lib/python3.12/site-packages/flask'] },
];

/** Installs by each package manager whose package's files the rule then follows (one test each, with `chown -R app /etc/<pkg>` or the row's own rewrite). */
export const PACKAGE_INSTALLS: ReadonlyArray<{ manager: string; installs: string; rewrites: string }> = [
  { manager: 'apt-get', installs: 'RUN apt-get update && apt-get install -y nginx=1.22.1-9 && rm -rf /var/lib/apt/lists/*', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'apt', installs: 'RUN apt update && apt install -y ./nginx_1.22.1_amd64.deb && rm -rf /var/lib/apt/lists/*', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'dpkg', installs: 'RUN dpkg -i /tmp/nginx_1.22.1_amd64.deb', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'apk', installs: 'RUN apk add --no-cache nginx', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'dnf', installs: 'RUN dnf install -y nginx && dnf clean all', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'yum', installs: 'RUN yum install -y nginx-1.20.1 && yum clean all', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'rpm', installs: 'RUN rpm -ivh /tmp/nginx-1.20.1-1.el9.x86_64.rpm', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'zypper', installs: 'RUN zypper -n install nginx && zypper clean --all', rewrites: 'chown -R app /etc/nginx' },
  { manager: 'postgresql-15 (a versioned name)', installs: 'RUN apt-get update && apt-get install -y postgresql-15 && rm -rf /var/lib/apt/lists/*', rewrites: 'chown -R postgres /usr/share/postgresql' },
  { manager: 'redis-server (a split package)', installs: 'RUN apt-get update && apt-get install -y redis-server && rm -rf /var/lib/apt/lists/*', rewrites: 'chown -R redis /etc/redis' },
  { manager: 'pip', installs: 'RUN pip install --no-cache-dir Django==5.0.6', rewrites: 'chmod -R a+r /usr/local/lib/python3.12/site-packages/django' },
  { manager: 'npm -g', installs: 'RUN npm install -g --cache /tmp/c @angular/cli && rm -rf /tmp/c', rewrites: 'chmod -R a+rX /usr/local/lib/node_modules/@angular/cli' },
];

export const layerRewrite: HygieneRule = {
  id: ID,
  description: 'A RUN changes earlier files only in metadata or in place, copying each whole file into a new layer',
  afterStage({ timeline, report, measured }) {
    for (const rw of timeline.takeRewrites()) {
      const adders = [...new Set(rw.entries.map((e) => e.item.inst))];
      const pkgs = (i: Instruction) => [...new Set(rw.entries.filter((e) => e.item.inst === i && e.item.kind === 'package').map((e) => e.item.pkg))];
      const from = adders.map((i) => `the ${i.keyword} on line ${lineOf(i)}${pkgs(i).length ? `, which installed ${pkgs(i).join(', ')}` : ''}`).join(' and ');
      const targets = [...new Set(rw.entries.map((e) => (e.whole ? e.item.path : e.target)))];
      const base = rw.verb.replace(/^find -exec /, '');
      const meta = /^(chmod|chown|chgrp|touch|setfacl)/.test(base);
      // an ADD that unpacked a local archive: --chmod/--chown do not reach its members
      const extracted = rw.entries.some((e) => /\(extracted\)$/.test(e.item.source));
      const copy = !extracted && adders.every((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
      let fix: string;
      if (extracted && meta) fix = 'Set the modes and owners in the archive itself when packing it (tar --mode/--owner), or extract it and change them in one RUN from a bind mount.';
      else if (base.startsWith('chmod') && copy) fix = `Set the mode when copying instead: ${adders[0].keyword} --chmod=${copyMode(rw.mode) ?? '<mode>'} on line ${lineOf(adders[0])}.`;
      else if (/^ch(own|grp)/.test(base) && copy) fix = `Set the owner when copying instead: ${adders[0].keyword} --chown=${rw.owner ?? '<user>:<group>'} on line ${lineOf(adders[0])}.`;
      else if (meta) fix = 'Do it in the instruction that creates the files (COPY --chmod/--chown, or the same RUN).';
      else fix = 'Change the files before they are copied, or in the same RUN that creates them.';
      const how = meta ? `just to change ${base.startsWith('touch') ? 'timestamps' : 'metadata'}` : 'to edit it in place';
      const message = `\`${rw.verb}\` on ${listed(targets)} (added by ${from}) stores each whole file again in this RUN's layer ${how}; the original bytes stay in the earlier layer too. ${fix}${measured(rw.inst)}`;
      report({ code: ID, message, range: firstLine(rw.inst), inst: rw.inst, fixes: copyFlagFix(rw, adders), paths: targets });
    }
  },
};
