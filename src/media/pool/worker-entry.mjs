// Entry of a media worker thread. Node 20 does not carry module hooks into worker threads (not
// those of `tsx`, of `node --import tsx`, nor of bin/switchboard.mjs's in-process register()), so
// the thread registers tsx itself before it loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
