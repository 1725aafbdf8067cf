/**
 * Row checks (part 3 of the cohort loader, issue #15): what a row must satisfy
 * beyond each field being a value of its type. Values out of their column's
 * range are described here (with a wrong-unit hint when the value is in range in
 * another unit); once a row's fields are read, a 0 trough is read as below the
 * LLOQ where the row gives lloq_ug_ml, date order rules are checked, and then
 * duplicate keys. Known patients are given as a Set (`toPatientSet`) and checked
 * by the field reader on patient_id.
 */
import { InputError } from "../core/errors";
import type { CohortTable } from "./cohort-table";
import type { ColumnState } from "./column-state";
import type { RecordScanner } from "./csv-scanner";
import type { RejectLog } from "./load-report";
import type { TableSpec } from "./schema";

export function toPatientSet(p: Iterable<string> | CohortTable): Set<string> {
  const expected = "an array or Set of patient ids (strings), or a loaded patients table";
  if (typeof p === "object" && p !== null && "columns" in p && "table" in p) {
    const ids = (p as CohortTable).columns?.patient_id;
    if (!Array.isArray(ids)) throw new InputError({ field: "options.patients", expected: "a patients table with a patient_id column" });
    return new Set(ids.filter((x): x is string => typeof x === "string"));
  }
  // A string is iterable too: "UC001" would become the ids "U", "C", "0", "0", "1".
  if (typeof p !== "object" || p === null || typeof (p as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new InputError({ field: "options.patients", value: p, expected }, typeof p === "string" ? "one id given as a string" : undefined);
  }
  const set = p instanceof Set ? (p as Set<unknown>) : new Set<unknown>(p as Iterable<unknown>);
  // forEach: a for-of loop over a large Set costs milliseconds here, where it runs once, unoptimised
  set.forEach((id) => {
    if (typeof id !== "string") throw new InputError({ field: "options.patients", value: id, expected: `${expected}; every id a string` });
  });
  return set as Set<string>;
}

/**
 * A set of finite doubles with open addressing (linear probing) on Float64Array
 * storage: a JavaScript Set of non-small-integer numbers boxes every key, which
 * made duplicate-key checking the slowest part of loading a million rows.
 */
class NumberSet {
  private keys: Float64Array;
  private used: Uint8Array;
  private mask: number;
  private size = 0;
  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
  }
  /** Adds x; false when it was already present. */
  add(x: number): boolean {
    if (this.size * 2 >= this.mask) this.rehash();
    // keys are integers below 2^53: split into 32-bit halves and mix (murmur3 finaliser)
    const lo = (x % 4294967296) | 0;
    const hi = (x / 4294967296) | 0;
    let h = lo ^ Math.imul(hi, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) & this.mask;
    while (this.used[h]) {
      if (this.keys[h] === x) return false;
      h = (h + 1) & this.mask;
    }
    this.used[h] = 1;
    this.keys[h] = x;
    this.size++;
    return true;
  }
  /** Empties the set (keeps its storage when small). */
  clear(): void {
    if (this.size === 0) return;
    if (this.keys.length > 1024) {
      this.keys = new Float64Array(16);
      this.used = new Uint8Array(16);
      this.mask = 15;
    } else this.used.fill(0);
    this.size = 0;
  }
  private rehash(): void {
    const oldK = this.keys;
    const oldU = this.used;
    this.keys = new Float64Array(oldK.length * 2);
    this.used = new Uint8Array(oldK.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldU[i]) this.add(oldK[i]);
  }
}

/**
 * The checks of a row whose fields were all read, in order: a 0 trough (LLOQ), date order, duplicate key.
 * Keys: files sorted by patient: while each patient's rows come in one run, a duplicate (patient, date) can only
 * be inside the current run, checked in a small set; the first time a patient reappears after another, every
 * key so far moves into one global set. Same result either way, much less memory traffic when sorted.
 */
export class RowChecks {
  /** Levels written as 0 read as below the LLOQ of the row. */
  zeroAsBelow = 0;
  private readonly keyCols: number[];
  private readonly keyVals: Float64Array;
  private readonly keyName: string;
  private readonly dateKey: boolean;
  private readonly keySeen = new Set<string>();
  private readonly keyHash = new NumberSet(16);
  private readonly runKeys = new NumberSet(16);
  private readonly closedRuns = new Set<number>();
  private acceptedKeys: Float64Array;
  private nAcceptedKeys = 0;
  private runId = -1;
  private globalKeys = false;
  private readonly internIds = new Map<string, number>();
  private readonly orderRules: { r: { earlier: string; later: string }; a: number; b: number; kind: string }[];
  /** A trough written as 0 means "below quantification" only where the file gives the assay's limit (lloq_ug_ml). */
  private readonly censCol: number;
  private readonly lloqCol: number;

  constructor(
    private readonly cols: ColumnState[],
    spec: TableSpec,
    index: Map<string, number>,
    estRows: number,
    private readonly log: RejectLog,
  ) {
    this.keyCols = spec.key.map((k) => index.get(k)).filter((k): k is number => k !== undefined);
    this.keyVals = new Float64Array(this.keyCols.length);
    this.keyName = spec.key.join("+");
    this.dateKey = this.keyCols.length === 2 && cols[this.keyCols[1]].type === "date";
    this.acceptedKeys = new Float64Array(estRows);
    this.orderRules = (spec.dateOrder ?? [])
      .map((r) => ({ r, a: index.get(r.earlier), b: index.get(r.later), kind: `${r.later} is before ${r.earlier}` }))
      .filter(
        (x): x is { r: { earlier: string; later: string }; a: number; b: number; kind: string } => x.a !== undefined && x.b !== undefined,
      );
    this.censCol = cols.findIndex((c) => c.cens !== null);
    this.lloqCol = index.get("lloq_ug_ml") ?? -1;
  }

  /** Checks row `row` (read from the scanner's current record, of line `ln`); false when it was rejected. */
  check(sc: RecordScanner, row: number, ln: number): boolean {
    const cols = this.cols;
    const censCol = this.censCol;
    if (censCol >= 0 && cols[censCol].num[row] === 0 && !this.zeroTrough(sc, row, ln)) return false;
    const orderRules = this.orderRules;
    for (let q = 0; q < orderRules.length; q++) {
      const o = orderRules[q];
      const a = cols[o.a].num[row];
      const b = cols[o.b].num[row];
      if (!Number.isNaN(a) && !Number.isNaN(b) && b < a) {
        this.log.reject(ln, o.r.later, sc.fieldText(o.b), `${o.r.later} is before ${o.r.earlier} (${sc.fieldText(o.a)})`, o.kind);
        return false;
      }
    }
    if (this.keyCols.length && this.isDuplicate(row)) {
      const keyCols = this.keyCols;
      const kc = keyCols.map((j) => cols[j].mapped.name).join(", ");
      this.log.reject(
        ln,
        this.keyName,
        keyCols.map((j) => sc.fieldText(j)).join(", "),
        `duplicate key (${kc}): an earlier row has the same values`,
      );
      return false;
    }
    return true;
  }

  /** 0 is not a level: it stands for "below the limit" only when the row says which limit. */
  private zeroTrough(sc: RecordScanner, row: number, ln: number): boolean {
    const cols = this.cols;
    const lloq = this.lloqCol < 0 ? Number.NaN : cols[this.lloqCol].num[row];
    const cc = cols[this.censCol];
    if (Number.isNaN(lloq)) {
      this.log.reject(
        ln,
        cc.mapped.name,
        sc.fieldText(this.censCol),
        "0 is not a measured level: write a level below quantification as <LLOQ (e.g. <0.4), or give the assay's limit in lloq_ug_ml",
      );
      return false;
    }
    cc.num[row] = Number.NaN;
    cc.cens!.dir[row] = "below";
    cc.cens!.limit[row] = lloq;
    this.zeroAsBelow++;
    return true;
  }

  /** Whether row `row`'s key was seen in an earlier accepted row (and remembers it when not). */
  private isDuplicate(row: number): boolean {
    const cols = this.cols;
    const keyCols = this.keyCols;
    const keyVals = this.keyVals;
    for (let j = 0; j < keyCols.length; j++) {
      const c = cols[keyCols[j]];
      if (c.isNum) keyVals[j] = c.num[row];
      else {
        const s = c.str[row] ?? "";
        let id = this.internIds.get(s);
        if (id === undefined) {
          id = this.internIds.size;
          this.internIds.set(s, id);
        }
        keyVals[j] = id;
      }
    }
    if (keyCols.length === 1) return !this.keyHash.add(keyVals[0]);
    if (this.dateKey) {
      const idIx = keyVals[0];
      const key = idIx * 8_388_608 + (keyVals[1] + 4_000_000);
      if (!this.globalKeys && idIx !== this.runId) {
        if (this.closedRuns.has(idIx)) {
          this.globalKeys = true;
          for (let q = 0; q < this.nAcceptedKeys; q++) this.keyHash.add(this.acceptedKeys[q]);
        } else {
          if (this.runId >= 0) this.closedRuns.add(this.runId);
          this.runId = idIx;
          this.runKeys.clear();
        }
      }
      if (this.globalKeys) return !this.keyHash.add(key);
      const dup = !this.runKeys.add(key);
      if (!dup) {
        // the row estimate can fall short (a file whose rows end in CR alone, with one LF somewhere): grow, never drop a key
        if (this.nAcceptedKeys === this.acceptedKeys.length) {
          const grown = new Float64Array(Math.ceil(this.acceptedKeys.length * 1.5) + 16);
          grown.set(this.acceptedKeys);
          this.acceptedKeys = grown;
        }
        this.acceptedKeys[this.nAcceptedKeys++] = key;
      }
      return dup;
    }
    const key = keyVals.join("|");
    const dup = this.keySeen.has(key);
    if (!dup) this.keySeen.add(key);
    return dup;
  }
}
