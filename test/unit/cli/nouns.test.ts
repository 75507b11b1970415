import * as assert from 'assert';
import { makeProgram, NOUNS } from '../../../client/src/cli/main';
import { inspectResolvers } from '../../../client/src/cli/commands/images';

/**
 * The CLI registers only the noun that owns a command's word (client/src/cli/main.ts): NOUNS must
 * name exactly the top-level commands (and aliases) each noun's register() adds, and no command
 * may belong to two nouns, or a command would be missing from the program it runs in.
 */
describe('CLI nouns and their top-level commands', () => {
  it('each noun lists exactly the commands its register() adds, and no two nouns share one', () => {
    const seen = new Map<string, number>();
    NOUNS.forEach((noun, i) => {
      const program = makeProgram();
      noun.register(program);
      const added = program.commands.flatMap((c) => [c.name(), ...c.aliases()]).sort();
      assert.deepStrictEqual([...noun.commands].sort(), added, `noun ${i}`);
      for (const c of added) {
        assert.ok(!seen.has(c), `${c} is registered by nouns ${seen.get(c)} and ${i}`);
        seen.set(c, i);
      }
    });
  });

  it('register() adds commands and nothing else: no program settings, options or inspect resolvers that another noun\'s commands would miss', () => {
    const resolvers = inspectResolvers.map((r) => r.type);
    assert.deepStrictEqual(resolvers, ['container', 'image', 'volume'], "docker's order");
    for (const n of NOUNS) {
      const program = makeProgram();
      const before = { ...(program as unknown as Record<string, unknown>) };
      n.register(program);
      const after = program as unknown as Record<string, unknown>;
      const changed = Object.keys(after).filter((k) => k !== 'commands' && after[k] !== before[k]);
      assert.deepStrictEqual(changed, [], `${n.commands[0]}'s register() changed the program itself`);
      assert.deepStrictEqual(inspectResolvers.map((r) => r.type), resolvers, `${n.commands[0]}'s register() changed the inspect resolvers`);
    }
  });

  it('registering all nouns together gives each command the subcommands it has alone', () => {
    const all = makeProgram();
    for (const n of NOUNS) n.register(all);
    for (const n of NOUNS) {
      const alone = makeProgram();
      n.register(alone);
      for (const c of alone.commands) {
        const together = all.commands.find((x) => x.name() === c.name())!;
        assert.deepStrictEqual(together.commands.map((x) => x.name()).sort(), c.commands.map((x) => x.name()).sort(), c.name());
        assert.deepStrictEqual(together.options.map((o) => o.flags).sort(), c.options.map((o) => o.flags).sort(), c.name());
      }
    }
  });
});
