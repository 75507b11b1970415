// The one Dockerfile parser: model, parser, BuildKit-compatible helpers, shell lexer and .dockerignore matcher.
export * from './model';
export * from './parser';
export * from './shell';
export * from './directives';
export * from './dump';
export * from './helpers';
export * from './dockerignore';
