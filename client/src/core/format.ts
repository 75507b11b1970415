/**
 * Docker-compatible formatting of sizes, durations and times (docker/go-units and Go's time
 * formatting), shared by the CLI's tables and the extension's trees so both read like Docker.
 */

/** Go's `%.<p>g` (shortest of %e/%f with p significant digits, trailing zeros removed). */
export function goG(x: number, p: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  if (exp < -4 || exp >= p) {
    const [m, e] = x.toExponential(p - 1).split('e');
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const s = x.toFixed(Math.max(0, p - 1 - exp));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** go-units HumanSizeWithPrecision: decimal units (kB, MB ...). docker's CLI tables use precision 3. */
export function humanSize(size: number, precision = 3): string {
  const abbrs = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let i = 0;
  let v = size;
  while (v >= 1000 && i < abbrs.length - 1) {
    v /= 1000;
    i++;
  }
  return `${goG(v, precision)}${abbrs[i]}`;
}

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3600000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3600000 / 24 / 365)} years`;
}

export function createdSince(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!iso || isNaN(t) || t <= 0) return 'N/A';
  return `${humanDuration(now - t)} ago`;
}

/** Go's time.Time String() in UTC: `2024-01-01 00:00:00 +0000 UTC`. */
export function goTime(iso: string): string {
  const t = Date.parse(iso);
  if (!iso || isNaN(t)) return '0001-01-01 00:00:00 +0000 UTC';
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '') + ' +0000 UTC';
}
