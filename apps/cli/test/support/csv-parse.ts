/**
 * An RFC 4180 reader written independently of the CLI's writer, so the CSV test checks the file as any
 * conforming reader would see it (quoted fields, doubled quotes, CR/LF inside quotes).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (c === '\n' || c === '"') throw new Error(`Not RFC 4180: bare ${JSON.stringify(c)} at offset ${i}`);
      field += c;
      i += 1;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('Not RFC 4180: last line has no CRLF');
  return rows;
}
