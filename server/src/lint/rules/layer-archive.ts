// layer-archive: an archive (downloaded, copied) is extracted but stays in its layer next to its
// contents. Reported on the instruction that brought the archive in.
import { code, firstLine, HygieneRule, lineOf } from '../hygiene/finding';

export const ID = 'layer-archive';

/** Tar archives' extensions, compressed or not. */
const TAR_EXTENSIONS = 'tar|tgz|taz|tbz|tbz2|tb2|txz|tlz|tzst|tar\\.(gz|bz2|xz|zst|lz|lzma|lz4|Z)';
const TAR_ARCHIVE = new RegExp(`\\.(${TAR_EXTENSIONS})$`, 'i');
/** Archives: tars, and zips including Java and Python ones (`.war`, `.jar`, `.whl`: zip files that get unzipped). */
const ARCHIVE = new RegExp(`\\.(${TAR_EXTENSIONS}|zip|war|jar|ear|whl)$`, 'i');
export const isArchive = (p: string) => ARCHIVE.test(p);
export const isTarArchive = (p: string) => TAR_ARCHIVE.test(p);

/**
 * The extractors the rule follows, as data: the command names each row answers for (the RUN
 * interpreter's archive handlers are keyed by them, ../hygiene/run/archives.ts), a RUN that leaves
 * an extracted archive behind and RUNs that do not (test/unit/server/ruleTables.test.ts runs every row).
 */
export interface ArchiveRow { id: 'tar' | 'unzip' | '7z' | 'jar' | 'decompress' | 'compress'; names: string[]; leaves?: string; clean: string[] }

export const ARCHIVE_TABLE: readonly ArchiveRow[] = [
  { id: 'tar', names: ['tar', 'bsdtar', 'gtar'], leaves: 'curl -fsSLO https://example.com/t-1.tar.gz && tar -xzf t-1.tar.gz -C /opt',
    clean: ['curl -fsSL https://example.com/t-1.tar.gz | tar -xz -C /opt', 'curl -fsSLO https://example.com/t-1.tar.gz && tar xvfz t-1.tar.gz -C /opt && rm t-1.tar.gz'] },
  { id: 'unzip', names: ['unzip'], leaves: 'wget -q https://example.com/app.war && unzip -q app.war -d /srv/app',
    clean: ['wget -q https://example.com/app.zip && unzip -q app.zip -d /srv/app && rm app.zip', 'cd /tmp/p && curl -fsSLO https://example.com/p-1.zip && unzip -q \'./*.zip\' -d /srv/p && rm -f ./*.zip'] },
  { id: '7z', names: ['7z', '7za', '7zr'], leaves: 'curl -fsSLo /tmp/x.zip https://example.com/x.zip && 7z x /tmp/x.zip -o/opt/x',
    clean: ['curl -fsSLo /tmp/x.zip https://example.com/x.zip && 7z x /tmp/x.zip -o/opt/x && rm /tmp/x.zip'] },
  { id: 'jar', names: ['jar'], leaves: 'curl -fsSLo /srv/app.war https://example.com/app.war && cd /srv && jar xf app.war',
    clean: ['curl -fsSLo /srv/app.war https://example.com/app.war && cd /srv && jar xf app.war && rm app.war'] },
  { id: 'decompress', names: ['gunzip', 'bunzip2', 'unxz', 'unzstd', 'uncompress', 'unlzma'], clean: ['curl -fsSLo /usr/local/bin/t.gz https://example.com/t.gz && gunzip /usr/local/bin/t.gz'] },
  { id: 'compress', names: ['gzip', 'xz', 'bzip2', 'zstd', 'lzma'], clean: ['curl -fsSLo /usr/local/bin/t.xz https://example.com/t.xz && xz -d /usr/local/bin/t.xz'] },
];

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
