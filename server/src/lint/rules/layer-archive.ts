// layer-archive: an archive (downloaded, copied) is extracted but stays in its layer next to its
// contents. Reported on the instruction that brought the archive in.
import { code, firstLine, HygieneRule, lineOf } from '../hygiene/finding';

export const ID = 'layer-archive';

/** Archives, including Java and Python ones (`.war`, `.jar`, `.whl`: zip files that get unzipped). */
export const ARCHIVE = /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tlz|tzst|zip|war|jar|ear|whl|tar\.(gz|bz2|xz|zst|lz|lzma|lz4|Z))$/i;
const TAR_ARCHIVE = /\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tlz|tzst|tar\.(gz|bz2|xz|zst|lz|lzma|lz4|Z))$/i;
export const isArchive = (p: string) => ARCHIVE.test(p);
export const isTarArchive = (p: string) => TAR_ARCHIVE.test(p);

export const layerArchive: HygieneRule = {
  id: ID,
  description: 'An archive stays in the layer after it was extracted',
  afterStage({ timeline, report, measured }) {
    for (const it of timeline.items) {
      if (!it.archive || !it.extractedBy || it.removedBy === it.inst) continue;
      const where = it.extractedBy === it.inst ? 'extracted in this same instruction' : `extracted by the RUN on line ${lineOf(it.extractedBy)}`;
      let message: string;
      if (it.inst.keyword === 'COPY' || it.inst.keyword === 'ADD') {
        const remote = /^[a-z]+:\/\//i.test(it.source);
        message = `${code(it.path)} is brought in by this ${it.inst.keyword} and ${where}, so the archive stays in this layer next to its extracted contents. `
          + (remote
            ? 'Download and extract it in one RUN (curl ... | tar -x, or remove the archive in that RUN).'
            : 'Let ADD extract a local tar itself, or extract it from a bind mount (RUN --mount=type=bind,source=...,target=/tmp/archive tar -xf /tmp/archive) so the archive never enters a layer.');
      } else {
        message = `${code(it.path)} is downloaded by this RUN (${it.source}) and ${where}, but this RUN does not remove the archive, so it stays in the layer next to its extracted contents. Remove it in the same RUN (\`&& rm ${it.path}\`), or stream it into the extractor (\`${it.source} ... | tar -x\`).`;
      }
      report({ code: ID, message: message + measured(it.inst), range: firstLine(it.inst), inst: it.inst, paths: [it.path] });
    }
  },
};
