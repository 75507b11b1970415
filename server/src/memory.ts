// Giving memory back after a large document closes. V8 frees the objects, but with the server
// idle no full collection runs to shrink the heap, so the process kept its peak (a 10 MB
// Dockerfile: ~75 MB before, ~480 MB after it was closed, for as long as the editor ran). A
// full collection a moment after such a close returns it. Node only offers gc() behind
// --expose-gc; setting the flag at run time (v8.setFlagsFromString, which Node's docs warn may
// behave unpredictably after start-up) and taking gc from a fresh context gets it without
// changing how the server is started (other editors start it with plain `node`).
import * as v8 from 'v8';
import * as vm from 'vm';

/** Documents at least this long trigger a collection when they close. */
export const LARGE_DOCUMENT = 1024 * 1024;

let collect: (() => void) | undefined;
let timer: NodeJS.Timeout | undefined;

function gcFunction(): () => void {
  if (!collect) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = () => undefined;
    }
  }
  return collect;
}

/** Runs a full collection shortly (once, however many large documents close meanwhile). */
export function releaseMemorySoon(delayMs = 500): void {
  if (timer) return;
  timer = setTimeout(() => {
    timer = undefined;
    gcFunction()();
  }, delayMs);
  timer.unref?.();
}
