/**
 * Text that a spreadsheet program could take for a formula once the workbook is re-saved as CSV and opened again
 * (CSV injection): a leading = + - @, tab or carriage return. Every export writes its text cells through
 * `neutraliseFormula`, which puts an apostrophe in front as OWASP advises; numbers stay numbers (a negative number is
 * never text), and ordinary text, Chinese or not, is left as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The text as it was before `neutraliseFormula`, so a ledger exported here and imported again keeps its words. */
export function restoreNeutralised(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
