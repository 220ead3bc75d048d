export interface ReportInput {
  bytes: Uint8Array;
  fileName?: string;
  mimeType?: string;
}

export interface Span {
  start: number;
  end: number;
}

export type SectionKind = 'work' | 'problems' | 'plan' | 'suggestions' | 'other';

export interface ReportSection {
  heading: string;
  ordinal: string | null;
  kind: SectionKind;
  span: Span;
}

export interface ReportItem {
  /** full text after the enumerator; equals `report.text.slice(span.start, span.end)` */
  text: string;
  /** first clause or sentence: the short title a ledger shows */
  heading: string;
  /** enumerator as printed (一是, （二）, 3、 …), null for an unnumbered paragraph */
  ordinal: string | null;
  span: Span;
  children: ReportItem[];
}

export interface ParseWarning {
  code: string;
  message: string;
}

export type SourceType = 'text' | 'docx' | 'html' | 'pdf' | 'ofd';

export interface ReportMetadata {
  title: string | null;
  organization: string | null;
  reportYear: number | null;
  planYear: number | null;
  /** YYYY-MM-DD */
  reportDate: string | null;
  docNumber: string | null;
  signer: string | null;
}

export interface ParsedReport extends ReportMetadata {
  parserVersion: string;
  sourceType: SourceType;
  /** encoding of the bytes as detected (utf-8, utf-16le, gb18030, …; docx, pdf and ofd are always utf-8) */
  encoding: string;
  /** decoded, normalised text; every span indexes into it */
  text: string;
  sections: ReportSection[];
  problems: ReportItem[];
  measures: ReportItem[];
  suggestions: ReportItem[];
  warnings: ParseWarning[];
}
