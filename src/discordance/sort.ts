/**
 * Ascending sort of a Float64Array of finite numbers by LSD radix sort on the
 * IEEE-754 bit patterns (four 16-bit passes, skipping passes whose digit is
 * constant). Used by `roc` for large inputs, where it is several times faster
 * than the comparison sort of `Float64Array.prototype.sort`.
 *
 * Key transform (the usual trick, e.g. Herf 2001, "Radix tricks"): flip all
 * bits of negative numbers and only the sign bit of non-negative ones, so that
 * unsigned order equals numeric order (−0 sorts just before +0).
 */

const SMALL = 2048;
/** The bit tricks assume little-endian word order (every platform Node supports in practice). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Returns a new ascending-sorted copy of `a` (finite values only). */
export function sortedCopy(a: Float64Array): Float64Array {
  const n = a.length;
  if (n < SMALL || !LITTLE_ENDIAN) return a.slice().sort();
  const src = new Float64Array(a);
  const words = new Uint32Array(src.buffer);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const l = words[2 * i];
    const h = words[2 * i + 1];
    if (h & 0x80000000) {
      lo[i] = ~l >>> 0;
      hi[i] = ~h >>> 0;
    } else {
      lo[i] = l;
      hi[i] = (h | 0x80000000) >>> 0;
    }
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
    if (count[(word[0] >>> shift) & 0xffff] === n) continue; // constant digit: nothing to do
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const pos = count[(word[i] >>> shift) & 0xffff]++;
      lo2[pos] = lo[i];
      hi2[pos] = hi[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    const l = lo[i];
    if (h & 0x80000000) {
      words[2 * i] = l;
      words[2 * i + 1] = (h & 0x7fffffff) >>> 0;
    } else {
      words[2 * i] = ~l >>> 0;
      words[2 * i + 1] = ~h >>> 0;
    }
  }
  return src;
}
