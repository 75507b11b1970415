// layer-rewrite: a later RUN changes earlier files only in metadata (chmod, chown, touch) or in place
// (sed -i, strip ...): each whole file is stored again in the RUN's layer. Reported on the RUN. Quick
// fix: a lone `RUN chmod`/`chown` of a copied file becomes COPY --chmod/--chown.
import type { Instruction } from '../../../../client/src/core/parser';
import { firstLine, HygieneFix, HygieneRule, lineOf, listed } from '../hygiene/finding';
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

export const layerRewrite: HygieneRule = {
  id: ID,
  description: 'A RUN changes earlier files only in metadata or in place, copying each whole file into a new layer',
  afterStage({ timeline, report, measured }) {
    for (const rw of timeline.takeRewrites()) {
      const adders = [...new Set(rw.entries.map((e) => e.item.inst))];
      const from = adders.map((i) => `the ${i.keyword} on line ${lineOf(i)}`).join(' and ');
      const targets = [...new Set(rw.entries.map((e) => (e.whole ? e.item.path : e.target)))];
      const base = rw.verb.replace(/^find -exec /, '');
      const meta = /^(chmod|chown|chgrp|touch|setfacl)/.test(base);
      const copy = adders.every((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
      let fix: string;
      if (base.startsWith('chmod') && copy) fix = `Set the mode when copying instead: ${adders[0].keyword} --chmod=${copyMode(rw.mode) ?? '<mode>'} on line ${lineOf(adders[0])}.`;
      else if (/^ch(own|grp)/.test(base) && copy) fix = `Set the owner when copying instead: ${adders[0].keyword} --chown=${rw.owner ?? '<user>:<group>'} on line ${lineOf(adders[0])}.`;
      else if (meta) fix = 'Do it in the instruction that creates the files (COPY --chmod/--chown, or the same RUN).';
      else fix = 'Change the files before they are copied, or in the same RUN that creates them.';
      const how = meta ? `just to change ${base.startsWith('touch') ? 'timestamps' : 'metadata'}` : 'to edit it in place';
      const message = `\`${rw.verb}\` on ${listed(targets)} (added by ${from}) stores each whole file again in this RUN's layer ${how}; the original bytes stay in the earlier layer too. ${fix}${measured(rw.inst)}`;
      report({ code: ID, message, range: firstLine(rw.inst), inst: rw.inst, fixes: copyFlagFix(rw, adders), paths: targets });
    }
  },
};
