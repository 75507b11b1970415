// The build tools' valued-option lists (server/src/lint/hygiene/run/toolOptions.ts), one entry at a
// time, through both readers that share them: the cache table (layer-cache, in a stage that ships)
// and the build reader (layer-deleted-later: a build in the copied tree, then `rm -rf` of its output
// folder). An option that takes a value must not hide the goal after its value; a flag that takes
// none (go -trimpath, maven -am) must not swallow the goal after it.
import * as assert from 'assert/strict';
import { analyzeText } from '../../../server/src/analysis';
import { hygieneFindings } from '../../../server/src/lint/hygiene';
import { TOOL_VALUED } from '../../../server/src/lint/hygiene/run/toolOptions';
import { prepareShellSyntax } from '../../../server/src/lint/shellSyntax';

const codes = (lines: string[]) => hygieneFindings(analyzeText(lines.join('\n') + '\n')).map((f) => `${f.range.start.line + 1} ${f.code}`).sort();

/** Per tool: the command before the option, the goal after it, and the output folder its build writes. */
const TOOLS: Record<keyof typeof TOOL_VALUED, { cmd: string; goal: string; out: string; dash: '--' | 'go' | 'maven' }> = {
  go: { cmd: 'go build', goal: './cmd/app', out: 'build', dash: 'go' },
  cargo: { cmd: 'cargo', goal: 'build', out: 'target', dash: '--' },
  maven: { cmd: 'mvn', goal: 'package', out: 'target', dash: 'maven' },
  gradle: { cmd: 'gradle', goal: 'build', out: 'build', dash: '--' },
  dotnet: { cmd: 'dotnet', goal: 'build', out: 'bin', dash: '--' },
};

/** How the option is written: single letters with one dash, long ones with two; go: one dash always; maven: one dash up to two letters (`-pl`, `-rf`). */
const spell = (opt: string, dash: string) => (dash === 'go' || opt.length === 1 || (dash === 'maven' && opt.length === 2) ? `-${opt}` : `--${opt}`);

describe('build tools: one valued-option list per tool, read by the cache table and the build reader', () => {
  before(async () => { await prepareShellSyntax(); });

  for (const [tool, t] of Object.entries(TOOLS) as Array<[keyof typeof TOOL_VALUED, (typeof TOOLS)[keyof typeof TOOLS]]>) {
    for (const opt of TOOL_VALUED[tool]) {
      // dotnet's -o/--output sends the build elsewhere; go's -o too; -C/-p/--project-dir move the tree
      if (/^(o|output|C|p|project-dir|manifest-path|target-dir|f|file|b|build-file|path|root)$/.test(opt)) continue;
      const line = tool === 'dotnet' ? `${t.cmd} ${t.goal} ${spell(opt, t.dash)} x1` : tool === 'go' ? `${t.cmd} ${spell(opt, t.dash)} x1 ${t.goal}` : `${t.cmd} ${spell(opt, t.dash)} x1 ${t.goal}`;
      it(`${tool}: \`${line}\` is read as a build with ${opt}'s value taken`, () => {
        const lines = ['FROM example/sdk:1', 'WORKDIR /src', 'COPY . .', `RUN ${line}`, `RUN rm -rf /src/${t.out}`];
        const got = codes(lines);
        assert.ok(got.includes('4 layer-deleted-later'), `the build's outputs removed later are the build's: ${got.join(', ')}`);
        assert.ok(got.includes('4 layer-cache'), `the build fills the tool's cache in a stage that ships: ${got.join(', ')}`);
      });
      // the value is taken by both readers: a goal word given as the value is no goal (go's readers do not read
      // the words after the options, and dotnet's goal comes first: the lines above are all they show)
      if (tool === 'go' || tool === 'dotnet') continue;
      const taken = `${t.cmd} ${spell(opt, t.dash)} ${t.goal}`;
      it(`${tool}: \`${taken}\` is no build: the goal word is ${opt}'s value`, () => {
        const got = codes(['FROM example/sdk:1', 'WORKDIR /src', 'COPY . .', `RUN ${taken}`, `RUN rm -rf /src/${t.out}`]);
        assert.ok(!got.includes('4 layer-deleted-later'), `the build reader took the value: ${got.join(', ')}`);
        assert.ok(!got.includes('4 layer-cache'), `the cache table took the value: ${got.join(', ')}`);
      });
    }
  }

  it('go -trimpath and maven -am take no value: the word after them is the package or goal', () => {
    for (const [line, out] of [['go build -trimpath ./cmd/app', 'build'], ['mvn -B -am package', 'target'], ['mvn -am -pl api package', 'target']]) {
      const got = codes(['FROM example/sdk:1', 'WORKDIR /src', 'COPY . .', `RUN ${line}`, `RUN rm -rf /src/${out}`]);
      assert.ok(got.includes('4 layer-deleted-later') && got.includes('4 layer-cache'), `${line}: ${got.join(', ')}`);
    }
    assert.ok(!(TOOL_VALUED.go as readonly string[]).includes('trimpath'));
    assert.ok(!(TOOL_VALUED.maven as readonly string[]).includes('am'));
  });
});
