import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { ReportParseError } from '../errors';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'table', 'tbody', 'section', 'article',
  'blockquote', 'pre', 'dd', 'dt', 'dl', 'ul', 'ol', 'center', 'main', 'hr', 'td', 'th', 'caption', 'figcaption',
]);

/** Elements that are page furniture whatever their content. */
const FURNITURE_TAGS = 'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, ' +
  'select, input, textarea, nav, header, footer, aside, link, meta, map, audio, video';

/** class / id words that mark navigation, sharing widgets, footers and the like. */
const FURNITURE_ATTR = /(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|header|sidebar|side|share|bdshare|copyright|banner|toolbar|tools|print|comments?|related|relate|search|login|ads?|advert|topbar|top|bottom|position|location|weizhi|dqwz|pages?|pagination|fenxiang|qrcode|ewm|erweima|friendlink|links)(?:[\s_-]|\d|$)/i;

/** "发布时间：2025-01-20 来源：… 浏览次数：…", "发布日期：2025年01月20日", "时间：…", "日期：…" */
const PUBLICATION = /(?:(?:发布|发文|成文|公开|更新)?(?:时间|日期)\s*[:：]|发布于\s*[:：]?)\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}/;
const PUBLICATION_NAMED = /(?:发布|发文|成文|公开)(?:时间|日期)|发布于/;
const PUBLICATION_LABEL = /^(?:发布|发文|成文|公开)(?:时间|日期)\s*[:：]?$/;
/** a <title> that is only the site's name */
const SITE_NAME = /(?:门户网站|网站|政府网|政务网|信息网|门户|官网)$/;

export interface HtmlText {
  text: string;
  title: string | null;
}

/** The encoding a page declares in its first bytes (<meta charset> or http-equiv content-type). */
export function sniffHtmlCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1] : null;
}

export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (/^(<!doctype html|<html|<head|<body|<meta|<title)/.test(head)) return true;
  return head.startsWith('<') && /<(p|div|br|table|span)[\s>/]/.test(text.slice(0, 20000).toLowerCase());
}

/** A DOCTYPE with an internal subset declaring entities (<!DOCTYPE x [<!ENTITY …]>): never in a real web page. */
const ENTITY_DECLARATION = /<!DOCTYPE[^>[]*\[[^\]]*<!ENTITY/i;

/** Article text of a saved web page, one block per line, without scripts, menus and footers. */
export function htmlToText(html: string): HtmlText {
  if (ENTITY_DECLARATION.test(html.slice(0, 65536))) {
    throw new ReportParseError('UNSAFE_XML', '网页含有 XML 实体声明（<!ENTITY>），可能是恶意构造的文件，已拒绝读取');
  }
  const $ = load(html);
  // an <h1> or <title> may be the site's banner (XX县人民政府门户网站) rather than the report's title
  const pageTitle = siteless(cleanInline($('h1').first().text())) || siteless(cleanInline($('title').first().text())) || null;
  // the publication line often sits outside the article, in a header or info bar that is removed below
  const body = ($('body').get(0) ?? $.root().get(0)) as AnyNode;
  const published = publicationCandidates(body);
  $(FURNITURE_TAGS).remove();
  $('*').each((_, el) => {
    const attrs = (el as Element).attribs ?? {};
    const key = `${attrs.class ?? ''} ${attrs.id ?? ''}`;
    if (key.trim() && FURNITURE_ATTR.test(key) && !/content|article|text|zoom|detail|main|editor/i.test(key)) {
      $(el).remove();
    }
  });
  const root = pickContentRoot($, body);
  const out = blockLines(root).map((l) => l.text.trim()).filter(Boolean);
  const title = pageTitle && !out.slice(0, 8).some((l) => compact(l).includes(compact(pageTitle).slice(0, 12)))
    ? pageTitle
    : null;
  if (title) out.unshift(title);
  // kept for the metadata (a report without a signature date is dated by it); normalise files it as junk
  const publication = nearestPublication(published, root);
  if (publication && !out.some((l) => compact(l).includes(compact(publication)))) out.unshift(publication);
  return { text: out.join('\n'), title: pageTitle };
}

const MAX_PUBLICATION_CANDIDATES = 500;

interface PublicationCandidate {
  line: string;
  named: boolean;
  /** the block holding the line and its ancestors, taken before furniture is removed */
  ancestors: AnyNode[];
}

/** Lines that carry a publication date: 发布时间：… / 发布日期：… / 时间：… / 日期：…, or a label and its date in two cells. */
function publicationCandidates(body: AnyNode): PublicationCandidate[] {
  const blocks = blockLines(body);
  const out: PublicationCandidate[] = [];
  // bounded: a page of thousands of dated list entries costs no more than this many ancestor walks
  for (let k = 0; k < blocks.length && out.length < MAX_PUBLICATION_CANDIDATES; k++) {
    let l = cleanInline(blocks[k].text);
    // 信息公开 pages put the label and the date in two table cells
    if (PUBLICATION_LABEL.test(l) && k + 1 < blocks.length) l = `${l.replace(/[:：]$/, '')}：${cleanInline(blocks[k + 1].text)}`;
    if (l.length > 200 || /[。？！]/.test(l) || !PUBLICATION.test(l)) continue; // a sentence is prose, not an info bar
    const named = PUBLICATION_NAMED.test(l);
    if (!named && /星期|今天|今日/.test(l)) continue; // a date banner is the day the page was saved
    const ancestors: AnyNode[] = [];
    for (let n: AnyNode | null = blocks[k].owner; n && ancestors.length < 64; n = n.parent as AnyNode | null) ancestors.push(n);
    out.push({ line: l, named, ancestors });
  }
  return out;
}

/**
 * The article's publication line outside it: the candidate nearest the chosen article (the deepest common
 * ancestor, so a sidebar list of other articles' dates loses), named (发布时间) before plain (时间：).
 */
function nearestPublication(candidates: PublicationCandidate[], root: AnyNode): string | null {
  const rootChain = new Map<AnyNode, number>();
  for (let n: AnyNode | null = root, d = 0; n; n = n.parent as AnyNode | null, d++) rootChain.set(n, d);
  let best: { line: string; score: number } | null = null;
  for (const c of candidates) {
    const common = c.ancestors.find((n) => rootChain.has(n));
    // lines inside the article are in its text already: normalise files a publication line among them as junk
    if (!common || common === root) continue;
    const score = rootChain.get(common)! * 2 + (c.named ? 0 : 1);
    if (!best || score < best.score) best = { line: c.line, score };
  }
  return best?.line ?? null;
}

/** "XX报告_XX县人民政府门户网站" -> "XX报告"; a title that is only the site's name -> "". */
function siteless(title: string): string {
  const parts = title.split(/\s*(?:[_|｜]|\s[-—–]\s)\s*/).filter(Boolean);
  const kept = parts.filter((p) => !SITE_NAME.test(p));
  return kept.length ? kept.join(' ') : '';
}

function pickContentRoot($: ReturnType<typeof load>, body: AnyNode): AnyNode {
  const credit = new Map<AnyNode, number>();
  let total = 0;
  $('p, div, td, span, font, li, section, article').each((_, el) => {
    let own = 0;
    for (const child of (el as Element).children ?? []) {
      if (child.type === 'text') own += compact((child as unknown as { data: string }).data).length;
    }
    if (own < 8) return;
    total += own;
    let node: AnyNode | null = el.parent as AnyNode | null;
    let weight = 1;
    // credit the block's container and, less, its ancestors: the article container collects the most
    for (let depth = 0; node && depth < 3; depth++, weight /= 2) {
      credit.set(node, (credit.get(node) ?? 0) + own * weight);
      node = node.parent as AnyNode | null;
    }
    credit.set(el as AnyNode, (credit.get(el as AnyNode) ?? 0) + own);
  });
  let best: AnyNode = body;
  let bestScore = 0;
  for (const [node, score] of credit) {
    if (score > bestScore) {
      best = node;
      bestScore = score;
    }
  }
  // a container holding under a third of the page's prose is probably a teaser: keep the whole body
  return total > 0 && ownTextLength(best) < total / 3 ? body : best;
}

function ownTextLength(node: AnyNode): number {
  let n = 0;
  const walk = (x: AnyNode): void => {
    if (x.type === 'text') n += compact((x as unknown as { data: string }).data).length;
    for (const c of (x as Element).children ?? []) walk(c as AnyNode);
  };
  walk(node);
  return n;
}

/** Text of a subtree one block a line, each line with the innermost block element that holds it. */
function blockLines(node: AnyNode): { text: string; owner: AnyNode }[] {
  const lines: { text: string; owner: AnyNode }[] = [];
  const open: AnyNode[] = [node];
  let current = '';
  const flush = (): void => {
    if (current.trim()) lines.push({ text: current, owner: open[open.length - 1] });
    current = '';
  };
  const walk = (x: AnyNode): void => {
    if (x.type === 'text') {
      current += (x as unknown as { data: string }).data.replace(/[ \t\r\n\f]+/g, ' ');
      return;
    }
    // script and style nodes are not 'tag' nodes: their text is never rendered
    if (x.type !== 'tag' && x.type !== 'root') return;
    const name = (x as Element).name?.toLowerCase();
    const block = name ? BLOCK_TAGS.has(name) : false;
    if (block) {
      flush();
      open.push(x);
    }
    for (const c of (x as Element).children ?? []) walk(c as AnyNode);
    if (block) {
      flush();
      open.pop();
    }
  };
  walk(node);
  flush();
  return lines;
}

function cleanInline(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function compact(s: string): string {
  return s.replace(/\s+/g, '');
}
