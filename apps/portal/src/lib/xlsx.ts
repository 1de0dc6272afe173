import { saveBlob } from './save-file';

/** One worksheet: a header row and rows of text or numbers (never formulas: a cell is its value). */
export interface SheetTable {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/**
 * A worksheet name Excel accepts: at most 31 characters, none of `[ ] : * ? / \`, not blank, and unique in
 * the workbook (a repeat gets " (2)").
 */
export function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base = (raw.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet').slice(0, 31);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++)
      name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

/**
 * Writes the tables as one .xlsx workbook, a sheet each, and saves it. The writer (write-excel-file) loads only
 * when someone exports. It zips on the page's own thread while each sheet stays under 160 kB of XML; a bigger one would
 * want a Web Worker from a blob: URL, which the portal's Content-Security-Policy does not allow.
 */
export async function saveXlsx(fileName: string, tables: readonly SheetTable[]): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const names = sheetNames(tables.map((t) => t.name));
  const blob = await writeXlsxFile(
    tables.map((t, i) => ({
      sheet: names[i]!,
      data: [
        t.header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
        ...t.rows.map((r) =>
          r.map((value) => ({ value, type: typeof value === 'number' ? Number : String })),
        ),
      ],
    })),
  ).toBlob();
  saveBlob(blob, fileName);
}
