// The JavaScript half of the input layer (the Rust half is `src/input.rs`). Reading an array
// element by element from Rust costs one call across the boundary per element; these two loops
// run in the JS engine instead, and write straight into the wasm memory Rust has allocated.
//
// Nothing here decides what a value means or words an error: `fillNumbers` only reports the
// first element it cannot read, and Rust says what was wrong with it.

const BIGINT_ARRAYS = [globalThis.BigInt64Array, globalThis.BigUint64Array].filter(Boolean);

/** A value's elements as something indexable with a `length`: arrays, typed arrays and array-likes
 *  as they are, other iterables (Set, generator, Map values…) collected into an Array; `undefined`
 *  for anything that is not a collection of elements (strings included: they are text, not data). */
export function collection(v) {
  if (v === null || v === undefined || typeof v !== "object" && typeof v !== "function") return undefined;
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v)) return v instanceof DataView ? undefined : v;
  if (typeof v[Symbol.iterator] === "function") return Array.from(v);
  const n = v.length;
  if (typeof v !== "function" && Number.isSafeInteger(n) && n >= 0) return v;
  return undefined;
}

/** Writes `src[i]` into `dst[i]` for every i < dst.length: numbers as they are, `null`,
 *  `undefined` and holes as NaN (missing values, which the caller's `nanPolicy` then treats).
 *  Returns -1, or the index of the first element that is not a number (a string, a boolean, a
 *  BigInt, an object, a nested array), leaving the rest unwritten. */
export function fillNumbers(src, dst) {
  const n = dst.length;
  if (ArrayBuffer.isView(src) && !BIGINT_ARRAYS.some((T) => src instanceof T)) {
    // Every element of a non-BigInt typed array is a number; the engine converts in bulk.
    dst.set(src.length === n ? src : src.subarray(0, n));
    return -1;
  }
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (typeof x === "number") dst[i] = x;
    else if (x === null || x === undefined) dst[i] = NaN;
    else return i;
  }
  return -1;
}
