/**
 * csv-scanner.ts, bytes to fields (issue #15 item 3): field boundaries, quoting, the physical line each
 * record starts on (LF, CRLF, CR, newlines inside quotes), and the record errors. Expected values are
 * written from the bytes built in each test.
 */
import { describe, expect, it } from "vitest";
import { bomLength, estimateRows, RecordScanner } from "../../src/cohort/csv-scanner";

/** Every record of `text`: its line, fields as text, quoted flags and error. */
function records(text: string | Buffer, maxLine = 1000) {
  const buf = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const sc = new RecordScanner(buf, bomLength(buf), 44, maxLine);
  const out: { line: number; fields: string[]; quoted: number[]; error: string; blank: boolean }[] = [];
  while (sc.pos < buf.length) {
    sc.scan();
    const fields: string[] = [];
    const quoted: number[] = [];
    for (let k = 0; k < sc.nf; k++) {
      fields.push(sc.fieldText(k));
      quoted.push(sc.quoted[k]);
    }
    out.push({ line: sc.recLine, fields, quoted, error: sc.recError, blank: sc.isBlank() });
  }
  return { out, sc };
}

describe("RecordScanner", () => {
  it("splits fields, trims spaces around unquoted fields and counts lines for LF, CRLF and CR", () => {
    const { out } = records("a, b ,c\r\n1,2,3\r4,5,6\n\n7,8,9");
    expect(out.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
    expect(out[0].fields).toEqual(["a", "b", "c"]);
    expect(out[3].blank).toBe(true);
    expect(out[4].fields).toEqual(["7", "8", "9"]);
  });

  it("keeps delimiters, doubled quotes and newlines inside quoted fields; the next record starts on its own line", () => {
    const { out } = records('id,note\n"P1","a, ""b""\nc"\nP2,x\n');
    expect(out[1]).toMatchObject({ line: 2, fields: ["P1", 'a, "b"\nc'], quoted: [1, 1], error: "" });
    expect(out[2]).toMatchObject({ line: 4, fields: ["P2", "x"], quoted: [0, 0] });
  });

  it("rejects text after a closing quote and lines longer than maxLine", () => {
    expect(records('a,b\n"x"y,1\n').out[1].error).toBe("text after a closing quote");
    expect(records("a,b\n123456,1\n", 5).out[1].error).toBe("line longer than 5 bytes");
  });

  it("names the line of a quote never closed and the lines it swallows to the end of the file", () => {
    const { out, sc } = records('a,b\n1,2\n3,"x\n4,5\n6,7\n');
    expect(out).toHaveLength(3);
    expect(out[2].line).toBe(3);
    expect(out[2].error).toMatch(/quote opened on line 3 is never closed, so it swallows 3 line\(s\).*\(lines 3-5\)/);
    expect([sc.quoteLine, sc.swallowed]).toEqual([3, 3]);
  });

  it("reads non-ASCII fields as UTF-8 and flags them (highByte)", () => {
    const buf = Buffer.from("name\nZoë\n", "utf8");
    const sc = new RecordScanner(buf, 0, 44, 100);
    sc.scan();
    expect(sc.highByte).toBe(false);
    sc.scan();
    expect([sc.highByte, sc.fieldText(0)]).toEqual([true, "Zoë"]);
  });
});

describe("bomLength and estimateRows", () => {
  it("skips a UTF-8 byte-order mark only", () => {
    expect(bomLength(Buffer.from("\ufeffa,b\n", "utf8"))).toBe(3);
    expect(bomLength(Buffer.from("a,b\n"))).toBe(0);
    expect(records(Buffer.from("\ufeffa,b\n1,2\n", "utf8")).out[0].fields).toEqual(["a", "b"]);
  });

  it("bounds the rows from the line ends after `from` (CR when there is no LF)", () => {
    expect(estimateRows(Buffer.from("h\n1\n2\n3"), 2)).toBe(3);
    expect(estimateRows(Buffer.from("h\r1\r2\r"), 2)).toBe(3);
  });
});
