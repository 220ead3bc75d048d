import { type CheerioAPI, load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Small helpers over cheerio's XML mode for the OOXML and OFD parts the readers walk by hand. Elements are matched by
 * local name, since writers use a prefix (w:, ofd:) or none. The parser never expands entities beyond the five XML
 * ones and character references; callers refuse a DOCTYPE before parsing (safe-zip does for *.xml entries).
 */
export function loadXml(xml: string, indices = false): { $: CheerioAPI; root: Element | undefined } {
  // with `indices`, each node knows where it starts and ends in `xml` (startIndex, endIndex), for edits in place
  const $ = load(xml, { xml: indices ? { xmlMode: true, withStartIndices: true, withEndIndices: true } : true });
  const doc = $.root()[0] as unknown as Element;
  return { $, root: doc.children.find(isTag) };
}

export const isTag = (n: AnyNode): n is Element => n.type === 'tag';
export const localName = (el: Element): string => el.name.slice(el.name.indexOf(':') + 1);

export const kids = (el: Element | undefined, name: string): Element[] =>
  el ? el.children.filter((n): n is Element => isTag(n) && localName(n) === name) : [];
export const child = (el: Element | undefined, name: string): Element | undefined => kids(el, name)[0];

/** An attribute by local name (w:val, val). */
export function attr(el: Element | undefined, name: string): string | undefined {
  if (!el) return undefined;
  if (name in el.attribs) return el.attribs[name];
  const key = Object.keys(el.attribs).find((k) => k.endsWith(`:${name}`));
  return key === undefined ? undefined : el.attribs[key];
}

/** Elements named `names` under `el` in document order; the search does not go inside a match. */
export function descendants(el: Element | undefined, ...names: string[]): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = el ? [...el.children].reverse() : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (!isTag(n)) continue;
    if (names.includes(localName(n))) out.push(n);
    else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return out;
}

export function textOf(el: Element): string {
  let out = '';
  for (const n of el.children) {
    if (n.type === 'text') out += (n as unknown as { data: string }).data;
    else if (n.type === 'cdata' || isTag(n)) out += textOf(n as Element);
  }
  return out;
}
