// layer-cache: a package manager leaves its cache or index in the RUN's layer (nothing later in the
// same RUN removes it, no cache mount covers it). Reported on the RUN. Quick fixes: the flag that
// avoids the cache, or the cleanup appended to the same RUN.
import { firstLine, HygieneFix, HygieneRule } from '../hygiene/finding';

export const ID = 'layer-cache';

export const layerCache: HygieneRule = {
  id: ID,
  description: 'A package manager leaves its cache or index in the layer',
  afterRun({ timeline, inst, appendAt, report, measured }) {
    for (const it of timeline.live('cache')) {
      if (it.inst !== inst || !it.cache) continue;
      const c = it.cache;
      const fixes: HygieneFix[] = [];
      if (c.flag && c.flagAt) fixes.push({ kind: 'insert', title: `Add ${c.flag} to ${c.command}`, at: c.flagAt, text: ` ${c.flag}` });
      if (appendAt) fixes.push({ kind: 'insert', title: `Append \`&& ${c.cleanup}\` to this RUN`, at: appendAt, text: ` && ${c.cleanup}` });
      const env = c.flag === '--no-cache-dir' ? ' (or set ENV PIP_NO_CACHE_DIR=1)' : '';
      const remedy = c.flag
        ? `Use \`${c.command} ${c.flag}\`${env}, or add \`&& ${c.cleanup}\` at the end of this RUN`
        : `Add \`&& ${c.cleanup}\` at the end of this RUN`;
      const message = `\`${c.command}\` leaves ${c.what} (${it.path}) in this RUN's layer: nothing later in the same RUN removes it and no cache mount covers it. ${remedy}, or use RUN --mount=type=cache,target=${c.mount}.${measured(inst)}`;
      report({ code: ID, message, range: firstLine(inst), inst, fixes });
    }
  },
};
