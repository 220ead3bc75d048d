/** Machine codes for input the parser can never read; callers map them to 4xx / unrecoverable jobs. */
/** `NO_TEXT`: a PDF whose pages are images only (a scan); the parser does no OCR. */
export type ReportParseErrorCode = 'EMPTY' | 'UNSUPPORTED_TYPE' | 'UNDECODABLE' | 'TOO_LARGE' | 'NO_TEXT';

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
