// The JavaScript half of the input layer (the Rust half is `src/input.rs`). Reading an array
// element by element from Rust costs one call across the boundary per element; this check runs
// in the JS engine instead, and the copy into wasm memory stays the engine's bulk copy (or, block
// by block for typed arrays: `fillNumbers`).
//
// Nothing here decides what a value means or words an error: `numbersOf` only reports the
// first element it cannot read, and Rust says what was wrong with it.

const BIGINT_ARRAYS = [globalThis.BigInt64Array, globalThis.BigUint64Array].filter(Boolean);

/** A value's elements as something indexable with a `length`: arrays, typed arrays and array-likes
 *  as they are, other iterables (generator, Map values…) collected into an Array; `undefined`
 *  for anything that is not a collection of elements (strings included: they are text, not data;
 *  Sets and Maps too: a Set has dropped repeated values, so it cannot hold a sample). */
export function collection(v) {
  if (v === null || v === undefined || typeof v !== "object" && typeof v !== "function") return undefined;
  if (v instanceof Set || v instanceof Map) return undefined;
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v)) return v instanceof DataView ? undefined : v;
  if (typeof v[Symbol.iterator] === "function") return Array.from(v);
  const n = v.length;
  if (typeof v !== "function" && Number.isSafeInteger(n) && n >= 0) return v;
  return undefined;
}

/** The numbers of a collection (from `collection`) as wasm-bindgen copies them into wasm memory:
 *  a non-BigInt typed array or an all-number Array as it is (the engine's bulk copy converts it);
 *  with missing values (`null`, `undefined`, holes), a Float64Array with NaN in their places, the
 *  first one kept for `takeMissing` (so that Rust words an error about it as a missing value, not
 *  as NaN).
 *  An element that is not a number (a string, a boolean, a BigInt, an object, a nested array)
 *  throws `{ badIndex }`, which Rust words as the error. */
export function numbersOf(src) {
  missing = undefined;
  if (ArrayBuffer.isView(src) && !BIGINT_ARRAYS.some((T) => src instanceof T)) return src;
  const n = src.length;
  for (let i = 0; i < n; i++) {
    if (typeof src[i] !== "number") return withMissing(src, i);
  }
  return src;
}

/** The first missing value `numbersOf` met in its last call, `[index, kind]`, or undefined. */
let missing;

export function takeMissing() {
  const m = missing;
  missing = undefined;
  return m;
}

function withMissing(src, from) {
  const n = src.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = src[i];
    if (typeof x === "number") out[i] = x;
    else if (x === null || x === undefined) {
      out[i] = NaN;
      if (missing === undefined) missing = [i, x === null ? "null" : i in src ? "undefined" : "a hole"];
    } else throw { badIndex: i };
  }
  return out;
}

/** Elements `start..end` of a non-BigInt typed array as numbers, written into wasm memory
 *  (`memory`, the module's `WebAssembly.Memory`) at byte offset `ptr`, a block buffer of the Rust
 *  half that it reuses block after block: the engine's bulk copy, converting as it copies. */
export function fillNumbers(src, start, end, memory, ptr) {
  new Float64Array(memory.buffer, ptr, end - start).set(src.subarray(start, end));
}
