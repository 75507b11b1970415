/**
 * `WWW-Authenticate` parsing (RFC 7235). Hand-written because Node has no parser for it and
 * the grammar is small; what matters for registries is that quoted values may contain
 * commas and escaped quotes (`scope="repository:a/b:pull,push"`) and that one header may
 * carry several challenges (`Bearer realm="..", Basic realm=".."`).
 */
export interface Challenge {
  /** Lower-cased scheme: `bearer`, `basic`, ... */
  scheme: string;
  /** Parameters with lower-cased names (`realm`, `service`, `scope`, `error`). */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

export function parseWwwAuthenticate(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  if (Array.isArray(header)) return header.flatMap((h) => parseWwwAuthenticate(h));
  const out: Challenge[] = [];
  let s = header;
  let current: Challenge | undefined;
  const skipWs = () => {
    s = s.replace(/^[ \t]+/, '');
  };
  while (s.length > 0) {
    skipWs();
    if (s.startsWith(',')) {
      s = s.slice(1);
      continue;
    }
    const tok = TOKEN.exec(s);
    if (!tok) {
      s = s.slice(1); // skip a junk character rather than give up on the whole header
      continue;
    }
    const word = tok[0];
    const rest = s.slice(word.length);
    const afterWs = rest.replace(/^[ \t]+/, '');
    if (afterWs.startsWith('=') && current) {
      // auth-param: name = token / quoted-string
      let v = afterWs.slice(1).replace(/^[ \t]+/, '');
      let value = '';
      if (v.startsWith('"')) {
        let i = 1;
        for (; i < v.length; i++) {
          const c = v[i];
          if (c === '\\' && i + 1 < v.length) {
            value += v[++i];
          } else if (c === '"') {
            break;
          } else {
            value += c;
          }
        }
        v = v.slice(i + 1);
      } else {
        const m = /^[^,\s]*/.exec(v)!;
        value = m[0];
        v = v.slice(m[0].length);
      }
      current.params[word.toLowerCase()] = value;
      s = v;
      continue;
    }
    // A new challenge: scheme [token68 | params]
    current = { scheme: word.toLowerCase(), params: {} };
    out.push(current);
    s = rest;
    skipWs();
    // token68 (e.g. `Negotiate abc==`): a token not followed by '='-param syntax
    const t68 = /^[A-Za-z0-9._~+/-]+=*(?=\s*(,|$))/.exec(s);
    if (t68 && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=\s*[^=]/.test(s)) {
      current.params['token68'] = t68[0];
      s = s.slice(t68[0].length);
    }
  }
  return out;
}
