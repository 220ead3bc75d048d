/** Machine codes for input the parser can never read; callers map them to 4xx / unrecoverable jobs. */
export type ReportParseErrorCode = 'EMPTY' | 'UNSUPPORTED_TYPE' | 'UNDECODABLE' | 'TOO_LARGE'
  /** a PDF or OFD whose pages are images only (a scan); the parser does no OCR */
  | 'NO_TEXT'
  /** a .docx or OFD inflating past the caps (a zip bomb), see decode/safe-zip.ts */
  | 'ARCHIVE_TOO_LARGE'
  /** XML or HTML declaring entities (DOCTYPE), which can expand a few bytes a billion-fold */
  | 'UNSAFE_XML'
  /** ParsePool: the parse ran past its time, its memory, or the queue was full */
  | 'PARSE_TIMEOUT' | 'PARSE_TOO_COMPLEX' | 'PARSE_BUSY';

export class ReportParseError extends Error {
  override readonly name = 'ReportParseError';

  constructor(
    readonly code: ReportParseErrorCode,
    message: string,
  ) {
    // one line: the CLI prints the message as is
    super(message.replace(/\s*\n\s*/g, ' '));
  }
}
