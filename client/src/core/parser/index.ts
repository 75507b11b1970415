// The one Dockerfile parser, shared by the builder (client/src/engine/build) and the language server.
//
//   parse(text) -> Dockerfile            never throws; BuildKit's parser errors in .errors, warnings
//                                        (NoEmptyContinuation) in .warnings; every node has a Range
//   Dockerfile.instructions / stages / globalArgs / directives / comments / escape
//   Instruction.args                     BuildKit's AST arguments (what the builder executes)
//   Instruction.words                    quote-aware words of the argument text (what an editor wants)
//   Instruction.flags / heredocs / onbuild / comments / stage
//   parseKeyValues(inst)                 ENV/LABEL/ARG pairs with ranges
//   stageByName, instructionAt, findVariableRefs, argsRangeOf, unknownInstructionProblems, formatProblem
//   Lex / expandWord / processWords      BuildKit's shell-word expansion (shell.ts)
//   detectSyntax, parseDirective, parseCheckOptions   parser directives (directives.ts)
//   dumpAst                              BuildKit's AST dump (conformance)
//   DockerIgnore, PatternMatcher, readIgnoreFile      .dockerignore (dockerignore.ts)
export * from './model';
export * from './parser';
export * from './shell';
export * from './directives';
export * from './dump';
export * from './helpers';
export * from './dockerignore';
