import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import * as mammoth from 'mammoth';
import { ReportParseError } from '../errors';
import { printListNumbers } from './docx-numbering';
import { checkReportZip } from './safe-zip';

const LEVEL_MARK = [(n: number) => `${n}.`, (n: number) => `（${n}）`, (n: number) => String.fromCharCode(0x2460 + Math.min(n, 20) - 1)];

/**
 * Paragraph text of a .docx in document order, one paragraph per line. Word's automatic list numbers are not in the
 * text: they are printed back as numbering.xml defines them (docx-numbering.ts); lists mammoth still finds (a level
 * linked to a style without numbering of its own) get a generic enumerator (1. / （1） / ①).
 */
export async function docxToText(bytes: Uint8Array): Promise<string> {
  // mammoth inflates the whole document in memory: the zip's sizes and XML are checked first
  const { zip } = await checkReportZip(bytes);
  let html: string;
  try {
    // automatic numbers printed into the paragraphs first (mammoth would turn them into a bare list); numbering it
    // cannot follow leaves the document to mammoth's lists, printed generically below
    const numbered = await printListNumbers(zip).catch(() => null);
    if (numbered) zip.file('word/document.xml', numbered);
    const buffer = numbered ? await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' })
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    ({ value: html } = await mammoth.convertToHtml(
      { buffer },
      { ignoreEmptyParagraphs: true },
    ));
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ReportParseError('UNDECODABLE', `无法读取 Word 文档（${why}）`);
  }
  const $ = load(html);
  const lines: string[] = [];
  const walk = (node: AnyNode, depth: number): void => {
    for (const child of (node as Element).children ?? []) {
      if (child.type !== 'tag') continue;
      const el = child as Element;
      if (el.name === 'ol' || el.name === 'ul') {
        let n = 0;
        for (const li of el.children) {
          if (li.type !== 'tag' || (li as Element).name !== 'li') continue;
          n++;
          const own = $(li).clone().children('ol, ul').remove().end().text().trim();
          const mark = el.name === 'ol' ? LEVEL_MARK[Math.min(depth, LEVEL_MARK.length - 1)](n) : '';
          if (own) lines.push(mark + own);
          walk(li as AnyNode, depth + 1);
        }
      } else if (el.name === 'table' || el.name === 'tbody' || el.name === 'thead') {
        walk(el as AnyNode, depth);
      } else if (el.name === 'tr') {
        const cells = $(el).children('td, th').map((_, td) => $(td).text().trim()).get().filter(Boolean);
        if (cells.length) lines.push(cells.join(' '));
      } else {
        const t = $(el).text().trim();
        if (t) lines.push(t);
      }
    }
  };
  walk($('body').get(0) ?? $.root().get(0)!, 0);
  return lines.join('\n');
}

/** A zip whose entries include word/document.xml (checked on the central directory names). */
export function isDocxZip(bytes: Uint8Array): boolean {
  const probe = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return probe.includes('word/document.xml', 0, 'latin1');
}
