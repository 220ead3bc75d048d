import type { ParsedReport, ReportItem } from '../../src';

export interface GoldenItem {
  ordinal: string | null;
  heading: string;
  text: string;
  children?: GoldenItem[];
}

export interface Golden {
  title: string | null;
  organization: string | null;
  reportYear: number | null;
  planYear: number | null;
  reportDate: string | null;
  docNumber: string | null;
  signer: string | null;
  sections: { ordinal: string | null; heading: string; kind: string }[];
  problems: GoldenItem[];
  measures: GoldenItem[];
  suggestions: GoldenItem[];
  warnings: string[];
}

const item = (it: ReportItem): GoldenItem => ({
  ordinal: it.ordinal,
  heading: it.heading,
  text: it.text,
  ...(it.children.length ? { children: it.children.map(item) } : {}),
});

/** The parts of a result a golden file pins down (spans are checked against the text instead). */
export function toGolden(r: ParsedReport): Golden {
  return {
    title: r.title, organization: r.organization, reportYear: r.reportYear, planYear: r.planYear,
    reportDate: r.reportDate, docNumber: r.docNumber, signer: r.signer,
    sections: r.sections.map((s) => ({ ordinal: s.ordinal, heading: s.heading, kind: s.kind })),
    problems: r.problems.map(item), measures: r.measures.map(item), suggestions: r.suggestions.map(item),
    warnings: r.warnings.map((w) => w.code),
  };
}

/** Every item (and child) must be exactly the text its span covers. */
export function spanMismatches(r: ParsedReport): string[] {
  const bad: string[] = [];
  const walk = (items: ReportItem[], path: string): void => items.forEach((it, i) => {
    if (r.text.slice(it.span.start, it.span.end) !== it.text) bad.push(`${path}[${i}] ${it.ordinal ?? ''}`);
    walk(it.children, `${path}[${i}].children`);
  });
  walk(r.problems, 'problems');
  walk(r.measures, 'measures');
  walk(r.suggestions, 'suggestions');
  for (const s of r.sections) if (s.span.end < s.span.start || s.span.end > r.text.length) bad.push(`section ${s.heading}`);
  return bad;
}

/** Punctuation-insensitive form, to compare a full-width text with its ASCII-punctuation twin. */
export const fold = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '');

export function foldItems(items: ReportItem[]): unknown[] {
  return items.map((it) => ({ text: fold(it.text), children: foldItems(it.children) }));
}
