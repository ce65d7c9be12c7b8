/**
 * A strict little XML parser for the SVG tests (tests/timeline-svg.test.ts, timeline-tasks.test.ts):
 * elements, attributes, text, character and the five predefined entity references, an optional
 * XML declaration. Anything else (comments, CDATA, DOCTYPE, unbalanced or mismatched tags,
 * duplicate attributes, bare `&` or `<`, characters XML 1.0 forbids) is an error.
 */

export interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: (XmlElement | string)[];
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const FORBIDDEN_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, where: number): string {
  return raw.replace(/&([^;]*);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & at ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; at ${where}`);
    const code = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
    const ch = String.fromCodePoint(code);
    if (FORBIDDEN_CHAR.test(ch)) throw new Error(`forbidden character reference at ${where}`);
    return ch;
  });
}

export function parseXml(source: string): XmlElement {
  if (FORBIDDEN_CHAR.test(source)) throw new Error('character not allowed in XML 1.0');
  let i = 0;
  const decl = /^<\?xml\s+version="1\.0"(\s+encoding="UTF-8")?\s*\?>/.exec(source);
  if (decl) i = decl[0].length;
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i]!)) i++;
  };
  const readName = (): string => {
    const m = NAME.exec(source.slice(i));
    if (!m) throw new Error(`name expected at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const parseElement = (): XmlElement => {
    if (source[i] !== '<') throw new Error(`< expected at ${i}`);
    i++;
    const name = readName();
    const attrs = new Map<string, string>();
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [] };
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new Error(`space expected before attribute at ${i}`);
      const attr = readName();
      skipSpace();
      if (source[i] !== '=') throw new Error(`= expected at ${i}`);
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") throw new Error(`quoted value expected at ${i}`);
      const end = source.indexOf(quote, i + 1);
      if (end === -1) throw new Error(`unterminated attribute at ${i}`);
      const raw = source.slice(i + 1, end);
      if (raw.includes('<')) throw new Error(`< inside attribute at ${i}`);
      if (attrs.has(attr)) throw new Error(`duplicate attribute ${attr} at ${i}`);
      attrs.set(attr, decode(raw, i));
      i = end + 1;
    }
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (i >= source.length) throw new Error(`unclosed <${name}>`);
      if (source.startsWith('</', i)) {
        i += 2;
        const closing = readName();
        if (closing !== name) throw new Error(`</${closing}> closes <${name}> at ${i}`);
        skipSpace();
        if (source[i] !== '>') throw new Error(`> expected at ${i}`);
        i++;
        return { name, attrs, children };
      }
      if (source.startsWith('<!', i) || source.startsWith('<?', i)) {
        throw new Error(`comment, CDATA, DOCTYPE or processing instruction at ${i}`);
      }
      if (source[i] === '<') {
        children.push(parseElement());
        continue;
      }
      const next = source.indexOf('<', i);
      const raw = source.slice(i, next === -1 ? source.length : next);
      if (raw.includes(']]>')) throw new Error(`]]> in text at ${i}`);
      children.push(decode(raw, i));
      i += raw.length;
    }
  };
  skipSpace();
  const root = parseElement();
  skipSpace();
  if (i !== source.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

export function elements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    out.push(e);
    for (const c of e.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  return out;
}

export function withAttr(root: XmlElement, attr: string, value?: string): XmlElement[] {
  return elements(root).filter(
    (e) => e.attrs.has(attr) && (value === undefined || e.attrs.get(attr) === value),
  );
}

export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

export function child(e: XmlElement, name: string): XmlElement {
  const found = e.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
  if (!found) throw new Error(`<${e.name}> has no <${name}>`);
  return found;
}

export function num(e: XmlElement, attr: string): number {
  const v = e.attrs.get(attr);
  if (v === undefined) throw new Error(`<${e.name}> has no ${attr}`);
  return Number(v);
}
