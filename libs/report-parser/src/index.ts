export { parseReport, parseReportText, PARSER_VERSION, type TextSource } from './parse-report';
export { ReportParseError, type ReportParseErrorCode } from './errors';
export type {
  ParsedReport, ParseWarning, ReportInput, ReportItem, ReportMetadata, ReportSection, SectionKind, SourceType, Span,
} from './types';
export {
  ArchiveError, checkZip, DEFAULT_ZIP_LIMITS, type ArchiveErrorCode, type CheckedZip, type ZipLimits,
} from './decode/safe-zip';
export { DEFAULT_PARSE_POOL, ParsePool, type ParsePoolOptions } from './worker/parse-pool';
