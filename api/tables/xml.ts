/**
 * A small streaming XML scanner for the parts of an .xlsx. It knows elements, attributes, text,
 * CDATA, comments and processing instructions; it ignores namespaces (names lose their prefix, so
 * `<x:row>` from some generators reads like `<row>`) and refuses DTDs, which xlsx never uses.
 */
import { TableFormatError } from './table.ts';

export interface XmlHandler {
  /** An element starts; `attrs` is the raw attribute text (see `attributes`). Empty elements get open then close. */
  open(name: string, attrs: string): void;
  close(name: string): void;
  /** Raw text between tags: pass it through `decodeText` unless `cdata`, then it is literal. */
  text(raw: string, cdata: boolean): void;
}

const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const DQUOTE = 34;
const SQUOTE = 39;
const EQUALS = 61;

export function scanXml(xml: string, handler: XmlHandler, part: string): void {
  const broken = () => new TableFormatError('corruptXlsx', `The workbook is damaged (broken XML in ${part}); open it in Excel or WPS and save it again`);
  const n = xml.length;
  let pos = 0;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    if (lt === -1) break; // trailing text after the root element carries nothing
    if (lt > pos) handler.text(xml.slice(pos, lt), false);
    const next = xml.charCodeAt(lt + 1);
    if (next === QUESTION) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) throw broken();
      pos = end + 2;
    } else if (next === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end === -1) throw broken();
        pos = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) throw broken();
        handler.text(xml.slice(lt + 9, end), true);
        pos = end + 3;
      } else {
        throw new TableFormatError('corruptXlsx', `The workbook contains a DTD in ${part}, which is not allowed in .xlsx; save it again from Excel or WPS`);
      }
    } else if (next === SLASH) {
      const end = xml.indexOf('>', lt + 2);
      if (end === -1) throw broken();
      handler.close(localName(xml.slice(lt + 2, end).trim()));
      pos = end + 1;
    } else {
      // Name runs to whitespace, '/' or '>'; then attributes, skipping quoted values (which may hold '>').
      let i = lt + 1;
      for (let c = xml.charCodeAt(i); i < n && c !== GT && c !== SLASH && c > 32; c = xml.charCodeAt(++i));
      const name = localName(xml.slice(lt + 1, i));
      const attrStart = i;
      for (;;) {
        if (i >= n) throw broken();
        const c = xml.charCodeAt(i);
        if (c === GT) break;
        if (c === DQUOTE || c === SQUOTE) {
          const close = xml.indexOf(c === DQUOTE ? '"' : "'", i + 1);
          if (close === -1) throw broken();
          i = close + 1;
        } else i++;
      }
      const empty = xml.charCodeAt(i - 1) === SLASH;
      handler.open(name, xml.slice(attrStart, empty ? i - 1 : i));
      if (empty) handler.close(name);
      pos = i + 1;
    }
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * Calls `visit` with each attribute's qualified name and raw value, in order, until it returns
 * true. A hand-written loop: it runs for every cell of a 50,000-row sheet.
 */
function eachAttribute(raw: string, visit: (name: string, value: string) => boolean): void {
  const n = raw.length;
  let i = 0;
  while (i < n) {
    while (i < n && raw.charCodeAt(i) <= 32) i++;
    const nameStart = i;
    while (i < n && raw.charCodeAt(i) > 32 && raw.charCodeAt(i) !== EQUALS) i++;
    const nameEnd = i;
    while (i < n && raw.charCodeAt(i) <= 32) i++;
    if (raw.charCodeAt(i) !== EQUALS) {
      if (i === nameStart) i++; // stray character: step over it
      continue;
    }
    i++;
    while (i < n && raw.charCodeAt(i) <= 32) i++;
    const quote = raw.charCodeAt(i);
    if (quote !== DQUOTE && quote !== SQUOTE) continue;
    const end = raw.indexOf(quote === DQUOTE ? '"' : "'", i + 1);
    if (end === -1) return;
    if (visit(raw.slice(nameStart, nameEnd), raw.slice(i + 1, end))) return;
    i = end + 1;
  }
}

/** Attribute values by local name (`r:id` → `id`), entity-decoded. */
export function attributes(raw: string): Record<string, string> {
  const result = Object.create(null) as Record<string, string>;
  eachAttribute(raw, (name, value) => {
    result[localName(name)] = decodeText(value);
    return false;
  });
  return result;
}

/** One attribute by local name, without building the whole map. */
export function attribute(raw: string, wanted: string): string | undefined {
  let found: string | undefined;
  eachAttribute(raw, (name, value) => {
    if (localName(name) !== wanted) return false;
    found = decodeText(value);
    return true;
  });
  return found;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references, normalising line ends as XML does. */
export function decodeText(raw: string): string {
  let text = raw;
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named]!;
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Decodes the `_xHHHH_` escapes Office uses for characters XML cannot carry (`_x000D_` is a
 * carriage return; `_x005F_` escapes a literal underscore that would otherwise start one).
 */
export function decodeOfficeEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const NEEDS_ESCAPE = /[&<>"_\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]/;

/** Escapes text for an element or attribute value, using `_xHHHH_` for characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
  if (/_x[0-9A-Fa-f]{4}_/.test(out)) out = out.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
  // Control characters (and \r, which XML would turn into \n), lone surrogates, U+FFFE/U+FFFF.
  return out.replace(
    /[\x00-\x08\x0b-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}
