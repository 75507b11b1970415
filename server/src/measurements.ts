// Measured layers from the client (`stevedore/layerMeasurements`): an inlay hint at the end of each
// measured instruction's first line and a code lens above it.
import { CodeLens, InlayHint, InlayHintKind, Range } from 'vscode-languageserver/node';
import { humanSize } from '../../client/src/core/format';
import type { Analysis } from './analysis';
import type { LayerMeasurement } from './facts';
import { instructionAt } from '../../client/src/core/parser';

export function measurementLabel(m: LayerMeasurement): string {
  return m.wasted > 0 ? `${humanSize(m.size)} layer, ${humanSize(m.wasted)} wasted` : `${humanSize(m.size)} layer`;
}

function current(a: Analysis, ms: LayerMeasurement[]): LayerMeasurement[] {
  // Only figures whose instruction still starts on the same line (the file may have changed since).
  return ms.filter((m) => instructionAt(a.df, m.startLine)?.startLine === m.startLine);
}

export function inlayHints(a: Analysis, ms: LayerMeasurement[], range?: Range): InlayHint[] {
  return current(a, ms)
    .filter((m) => !range || (m.startLine >= range.start.line && m.startLine <= range.end.line))
    .map((m) => ({
      position: { line: m.startLine, character: (a.lines[m.startLine] ?? '').length },
      label: ` ${measurementLabel(m)}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
      tooltip: m.wasted > 0 ? 'Bytes this layer ships that later instructions delete or overwrite.' : 'Bytes this instruction adds to the image.',
    }));
}

export function codeLenses(a: Analysis, ms: LayerMeasurement[]): CodeLens[] {
  return current(a, ms).map((m) => ({
    range: { start: { line: m.startLine, character: 0 }, end: { line: m.startLine, character: 0 } },
    command: { title: measurementLabel(m), command: '' },
  }));
}
