/**
 * Bytes to fields (part 1 of the cohort loader, issue #15): one CSV record at a
 * time, as field boundaries into the Buffer with their quoting, and the
 * physical line each record starts on.
 *
 * CSV dialect (RFC 4180 plus what exports do): optional UTF-8 BOM; LF, CRLF or CR
 * line ends; fields quoted with `"` (doubled `""` inside), quoted fields may hold
 * the delimiter and newlines; blank lines are skipped (not counted as rows);
 * spaces around unquoted fields are trimmed. A line longer than `maxLine` bytes
 * and a quote never closed make the record an error (`recError`), which the
 * reader rejects undecoded.
 */

/** Bytes of a UTF-8 byte-order mark at the start of `buf` (3 or 0). */
export function bomLength(buf: Buffer): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}

/**
 * Rows the content from `from` can hold at most (lines, from a native newline count (memchr); CR when there is
 * no LF), so columns are allocated once at their final size.
 */
export function estimateRows(buf: Buffer, from: number): number {
  let estRows = 1;
  for (let at = buf.indexOf(10, from); at !== -1; at = buf.indexOf(10, at + 1)) estRows++;
  if (estRows === 1) for (let at = buf.indexOf(13, from); at !== -1; at = buf.indexOf(13, at + 1)) estRows++;
  return estRows;
}

const UNCLOSED_QUOTE = "unterminated quoted field (a quote never closed swallows every line to the end of the file)";

/**
 * Splits one CSV record at a time into field boundaries (starts/ends into the
 * Buffer, quoted flags), counting physical lines, so reject reports can name
 * the line where a record starts even when quoted fields hold newlines.
 */
export class RecordScanner {
  pos: number;
  line = 1;
  recLine = 1;
  nf = 0;
  recError = "";
  /** The problem of `recError` without the record's own details (for the reject summary). */
  recKind = "";
  /** Line of a quote never closed, and the lines from it to the end of the file it swallowed (0 when none). */
  quoteLine = 0;
  swallowed = 0;
  highByte = false;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);
  readonly n: number;
  private readonly buf: Buffer;
  private readonly delim: number;
  private readonly maxLine: number;
  constructor(buf: Buffer, pos: number, delim: number, maxLine: number) {
    this.buf = buf;
    this.pos = pos;
    this.n = buf.length;
    this.delim = delim;
    this.maxLine = maxLine;
  }

  private grow(): void {
    const cap = this.starts.length * 2;
    const s2 = new Int32Array(cap);
    s2.set(this.starts);
    this.starts = s2;
    const e2 = new Int32Array(cap);
    e2.set(this.ends);
    this.ends = e2;
    const q2 = new Uint8Array(cap);
    q2.set(this.quoted);
    this.quoted = q2;
  }

  /** Reads the record at `pos` and moves `pos` past it. */
  scan(): void {
    const buf = this.buf;
    const n = this.n;
    const delim = this.delim;
    let starts = this.starts;
    let ends = this.ends;
    let quoted = this.quoted;
    let nf = 0;
    let line = this.line;
    let highByte = false;
    let recError = "";
    let recKind = "";
    this.recLine = line;
    const recStart = this.pos;
    let i = recStart;
    let next = n;
    for (;;) {
      if (nf === starts.length) {
        this.grow();
        starts = this.starts;
        ends = this.ends;
        quoted = this.quoted;
      }
      while (i < n && (buf[i] === 32 || buf[i] === 9) && buf[i] !== delim) i++;
      if (i < n && buf[i] === 34) {
        const quoteLine = line;
        i++;
        const fs = i;
        let closed = false;
        while (i < n) {
          const c = buf[i];
          if (c === 34) {
            if (i + 1 < n && buf[i + 1] === 34) {
              i += 2;
              continue;
            }
            closed = true;
            break;
          }
          if (c === 10) line++;
          else if (c === 13 && !(i + 1 < n && buf[i + 1] === 10)) line++;
          if (c > 127) highByte = true;
          i++;
        }
        starts[nf] = fs;
        ends[nf] = i;
        quoted[nf] = 1;
        nf++;
        if (!closed) {
          recError = this.unclosedQuote(quoteLine, line);
          recKind = UNCLOSED_QUOTE;
          next = n;
          break;
        }
        i++; // closing quote
        let junk = false;
        while (i < n && buf[i] !== delim && buf[i] !== 10 && buf[i] !== 13) {
          if (buf[i] !== 32 && buf[i] !== 9) junk = true;
          i++;
        }
        if (junk && !recError) recError = recKind = "text after a closing quote";
      } else {
        const fs = i;
        while (i < n) {
          const c = buf[i];
          if (c === delim || c === 10 || c === 13) break;
          if (c > 127) highByte = true;
          i++;
        }
        let fe = i;
        while (fe > fs && (buf[fe - 1] === 32 || buf[fe - 1] === 9)) fe--;
        starts[nf] = fs;
        ends[nf] = fe;
        quoted[nf] = 0;
        nf++;
      }
      if (i - recStart > this.maxLine && !recError) recError = recKind = `line longer than ${this.maxLine} bytes`;
      if (i >= n) {
        next = n;
        break;
      }
      const c = buf[i];
      if (c === delim) {
        i++;
        continue;
      }
      line++;
      next = c === 13 && i + 1 < n && buf[i + 1] === 10 ? i + 2 : i + 1;
      break;
    }
    this.nf = nf;
    this.line = line;
    this.highByte = highByte;
    this.recError = recError;
    this.recKind = recKind;
    this.pos = next;
  }

  /** Notes a quote opened on `quoteLine` and never closed (`line`: lines counted to the end of the file); returns the reason. Cold path, kept out of scan(). */
  private unclosedQuote(quoteLine: number, line: number): string {
    // `line` has counted every line end after the quote; a final line end opens no further line.
    const n = this.n;
    const last = n > 0 && (this.buf[n - 1] === 10 || this.buf[n - 1] === 13) ? line - 1 : line;
    const swallowed = Math.max(1, last - quoteLine + 1);
    this.quoteLine = quoteLine;
    this.swallowed = swallowed;
    return `unterminated quoted field: the quote opened on line ${quoteLine} is never closed, so it swallows ${swallowed} line(s) to the end of the file (${swallowed === 1 ? `line ${quoteLine}` : `lines ${quoteLine}-${last}`}) into this one row`;
  }

  /** Text of field k of the current record (UTF-8 when the record has non-ASCII bytes, doubled quotes undone). */
  fieldText(k: number): string {
    const s = this.starts[k];
    const e = this.ends[k];
    const t = this.highByte ? this.buf.toString("utf8", s, e) : this.buf.toString("latin1", s, e);
    return this.quoted[k] && t.includes('""') ? t.replace(/""/g, '"') : t;
  }

  /** The current record is an empty line. */
  isBlank(): boolean {
    return this.nf === 1 && this.ends[0] === this.starts[0] && !this.quoted[0];
  }
}
