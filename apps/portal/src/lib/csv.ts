/**
 * CSV for spreadsheets, safely: UTF-8 with a byte-order mark (so Excel reads Chinese and Tibetan), CRLF line
 * ends, fields quoted per RFC 4180, and every field that a spreadsheet could take for a formula — starting with
 * = + - @, a tab or a carriage return — neutralised with a leading apostrophe (OWASP, "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A field made inert: a leading apostrophe when a spreadsheet would read it as a formula. */
export function neutralise(field: string): string {
  return FORMULA_START.test(field) ? `'${field}` : field;
}

/** One field as written: neutralised, then quoted (inner quotes doubled) when it holds a quote, comma, CR or LF. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const text = neutralise(value === null || value === undefined ? '' : String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, the header, then one record per row, each line ended by CRLF. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>,
): string {
  const line = (cells: ReadonlyArray<string | number | boolean | null | undefined>) =>
    cells.map(csvField).join(',') + '\r\n';
  return '\uFEFF' + line(header) + rows.map(line).join('');
}
