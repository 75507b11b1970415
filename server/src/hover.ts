// textDocument/hover: instruction and flag documentation, resolved ARG/ENV values, stage references,
// facts about a FROM image present locally, and the measured layer of the instruction.
import { Hover, MarkupKind, Position } from 'vscode-languageserver/node';
import { humanSize } from '../../client/src/core/format';
import { Analysis, contains, PREDEFINED_ARGS, symbolAt } from './analysis';
import { FLAG_DOCS, INSTRUCTION_DOCS, MOUNT_TYPES } from './docs';
import type { Facts } from './facts';
import { latestHygieneFindings } from './lint/hygiene';
import { rulePageHref, rulePageText } from './lint/rules/pages';
import { instructionAt, Instruction, Lex } from '../../client/src/core/parser';

function md(value: string, range?: Hover['range']): Hover {
  return range ? { contents: { kind: MarkupKind.Markdown, value }, range } : { contents: { kind: MarkupKind.Markdown, value } };
}

function measuredLine(facts: Facts, uri: string, inst: Instruction): string | undefined {
  const m = facts.measurements(uri).find((x) => x.startLine === inst.startLine);
  if (!m) return undefined;
  return `**Layer:** ${humanSize(m.size)}${m.wasted > 0 ? `, of which ${humanSize(m.wasted)} wasted (deleted or overwritten later, still shipped)` : ''}`;
}

/** The pages of the layer-hygiene codes reported on this instruction (the text its diagnostics link to). */
function rulePages(a: Analysis, inst: Instruction): string[] {
  let codes: string[];
  try {
    codes = [...new Set(latestHygieneFindings(a).filter((f) => f.inst === inst).map((f) => f.code))];
  } catch {
    return [];
  }
  return codes.flatMap((c) => {
    const text = rulePageText(c);
    const href = rulePageHref(c);
    return text ? [`---\n\n**${c}**${href ? ` ([page](${href}))` : ''}\n\n${text.replace(/^## /gm, '#### ')}`] : [];
  });
}

export async function hover(a: Analysis, uri: string, pos: Position, facts: Facts): Promise<Hover | null> {
  const inst = instructionAt(a.df, pos.line);
  if (!inst) return null;
  const target = inst.onbuild && !contains(inst.keywordRange, pos.line, pos.character) ? inst.onbuild : inst;

  if (contains(target.keywordRange, pos.line, pos.character)) {
    const d = INSTRUCTION_DOCS[target.keyword];
    if (!d) return null;
    const parts = [`\`\`\`\n${d.signatures.join('\n')}\n\`\`\``, d.doc];
    const m = measuredLine(facts, uri, inst);
    if (m) parts.push(m);
    parts.push(...rulePages(a, inst));
    return md(parts.join('\n\n'), target.keywordRange);
  }

  for (const f of target.flags) {
    if (!contains(f.range, pos.line, pos.character)) continue;
    const d = FLAG_DOCS[target.keyword]?.[f.name];
    if (f.name === 'mount' && f.valueRange && contains(f.valueRange, pos.line, pos.character)) {
      const type = /(?:^|,)type=(\w+)/.exec(f.value ?? '')?.[1] ?? 'bind';
      const t = MOUNT_TYPES[type];
      if (t) return md(`**--mount type=${type}**\n\n${t.doc}\n\n${Object.entries(t.options).map(([k, o]) => `- \`${k}\`: ${o.doc}`).join('\n')}`, f.range);
    }
    if (d) return md(`**--${f.name}**\n\n${d.doc}`, f.range);
  }

  const sym = symbolAt(a, pos.line, pos.character);
  if (sym?.kind === 'var') {
    const def = sym.def;
    if (!def) {
      const doc = PREDEFINED_ARGS[sym.name];
      return doc ? md(`**${sym.name}** (predefined build arg)\n\n${doc}`, sym.range) : null;
    }
    const where = def.stage < 0 ? 'global ARG' : `${def.kind} in stage ${a.df.stages[def.stage]?.name ?? def.stage}`;
    const value = def.value !== undefined ? `\`${def.value}\`` : def.kind === 'ARG' ? '(no default: set with `--build-arg`)' : '(unknown)';
    return md(`**${def.name}** = ${value}\n\n${where}, line ${def.inst.startLine + 1}${def.raw !== undefined && def.raw !== def.value ? `\n\nas written: \`${def.raw}\`` : ''}`, sym.range);
  }
  if (sym?.kind === 'stage') {
    const s = sym.stage;
    return md(`**stage ${s.name ?? s.index}** (#${s.index})\n\n\`FROM ${s.baseImage}\`, ${s.instructions.length} instruction${s.instructions.length === 1 ? '' : 's'}`, sym.range);
  }

  if (target.keyword === 'FROM') {
    const st = a.df.stages.find((s) => s.from === target);
    if (st?.baseImageRange && contains(st.baseImageRange, pos.line, pos.character) && !a.parentStage.has(st)) {
      let image = st.baseImage;
      try {
        const env = new Map<string, string>();
        for (const [k, d] of a.scopes.get(target) ?? []) if (d.value !== undefined) env.set(k, d.value);
        image = new Lex(a.df.escape).processWord(st.baseImage, env);
      } catch { /* show as written */ }
      if (image === 'scratch') return md('**scratch**: the empty image (no layers).', st.baseImageRange);
      const f = await facts.imageFacts(image);
      if (!f) return md(`**${image}**\n\nNot present locally.`, st.baseImageRange);
      const rows = [
        `**${image}** (local)`,
        '',
        `| | |\n|---|---|`,
        `| ID | \`${f.id.replace(/^sha256:/, '').slice(0, 12)}\` |`,
        `| Size | ${humanSize(f.size)} |`,
        f.created ? `| Created | ${f.created} |` : undefined,
        `| Layers | ${f.layers} |`,
        f.os ? `| Platform | ${[f.os, f.architecture, f.variant].filter(Boolean).join('/')} |` : undefined,
      ].filter((r) => r !== undefined);
      return md(rows.join('\n'), st.baseImageRange);
    }
  }

  const m = measuredLine(facts, uri, inst);
  return m ? md(m) : null;
}
