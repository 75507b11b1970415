/** The Docker Engine API server, as its own bundle (dist/daemon.js): the extension loads it only when it serves the API. */
export { ApiServer, servedRoot, socketAnswers } from './server';
export type { ApiServerOptions, Listen } from './server';
export { dataRootSocketPath, defaultSocketPath } from './hosts';
export { serveOrReuse, sharedSocketCandidates } from './share';
export type { SharedApi } from './share';
