//! The input layer: every number and array argument of the package is read here, once, by one
//! rule, so a wrapper makes one call per argument (`let scores = numbers("scores", &scores)?;`).
//!
//! **Arrays of numbers** (`Numbers` in TypeScript) are read from
//! - a `Float64Array`: copied into wasm memory in one block copy (the fast path);
//! - any other non-BigInt typed array (`Int32Array`, `Uint8Array`, `Float32Array` …): converted
//!   in bulk by the engine while it is copied in, every value exactly;
//! - a plain `Array` or an array-like `{ length, 0: …, 1: … }`: one read-only JS pass checks that
//!   every element is a number (no call across the boundary per element), then the engine's bulk
//!   copy, as for a typed array;
//! - any other iterable (a generator, `map.values()`): collected, then as an `Array`; but not a
//!   `Set` or a `Map`: a Set keeps each value once, so it cannot hold a sample (`invalid`).
//!
//! Elements that are `null`, `undefined` (or holes) are *missing values*: they arrive as NaN,
//! which the function's `nanPolicy` then raises (`not_finite`, naming the index, its message
//! saying the value was null, undefined or a hole: [`missing_message`]), omits or propagates;
//! functions without a policy reject them as `not_finite`. They are never 0.
//!
//! Everything else is an `invalid` error naming the argument and the index: strings (also as
//! the whole argument: `"10,9"` is text, not data), booleans, BigInts and `BigInt64Array`s
//! (convert with `Number()` where the values are safe integers: a silent rounding of large
//! integers is exactly what this layer exists to prevent), objects, nested arrays. An array
//! larger than wasm memory can hold is `out_of_range`, and the module stays usable.
//!
//! **Matrices** (`NumberMatrix`) are arrays (or iterables) of rows, each read as above; rows of
//! different lengths are `length_mismatch` naming the row (`ratings[2]`), a bad element is named
//! by its row-major index, as the core names matrix elements.
//!
//! **Scalars** are JS numbers: `undefined` where one is required and anything that is not a
//! number (a numeric string, a BigInt, a boolean) are `invalid` errors naming the argument.

use crate::convert::{JsResult, error};
use custometrics::{Error, Location};
use js_sys::{Float64Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen(module = "/src/input.js")]
extern "C" {
    /// The value's elements as an indexable collection, `undefined` if it is none.
    #[wasm_bindgen(catch)]
    fn collection(v: &JsValue) -> Result<JsValue, JsValue>;

    /// The collection's numbers (missing values as NaN), or a thrown `{ badIndex }`.
    #[wasm_bindgen(catch, js_name = numbersOf)]
    fn numbers_of(src: &JsValue) -> Result<Vec<f64>, JsValue>;

    /// The first missing value the last `numbersOf` or `fillNumbers` met, `[index, kind]`, or
    /// `undefined`.
    #[wasm_bindgen(js_name = takeMissing)]
    fn take_missing() -> JsValue;

    /// Elements `start..end` of a typed array written as numbers into wasm memory at byte offset
    /// `ptr`.
    #[wasm_bindgen(catch, js_name = fillNumbers)]
    fn fill_numbers(src: &JsValue, start: u32, end: u32, memory: &JsValue, ptr: u32) -> Result<(), JsValue>;
}

thread_local! {
    /// Per array argument read (by field name), its first missing value: (index, "null" |
    /// "undefined" | "a hole"). Each read of a field replaces its entry, so the entries of the
    /// arguments of the call under way are always its own.
    static MISSING: std::cell::RefCell<Vec<(String, usize, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records the first missing value of `field` (at `offset +` the index `numbersOf` reported), or
/// that it has none when `first` is set (the first block of the argument).
fn note_missing(field: &str, offset: usize, first: bool) {
    let m = take_missing();
    let found = js_sys::Array::is_array(&m).then(|| {
        let pair = js_sys::Array::from(&m);
        (pair.get(0).as_f64().unwrap_or(0.0) as usize + offset, pair.get(1).as_string().unwrap_or_default())
    });
    MISSING.with_borrow_mut(|all| {
        if first {
            all.retain(|(f, ..)| f != field);
        }
        if let Some((index, kind)) = found
            && !all.iter().any(|(f, ..)| f == field)
        {
            all.push((field.to_owned(), index, kind));
        }
    });
}

/// The message of a `not_finite` error about a value that was missing in JS (`null`,
/// `undefined`, a hole), which reached the core as NaN: it names the value as the caller wrote
/// it. `None` for every other error.
pub fn missing_message(e: &Error) -> Option<String> {
    if e.kind() != custometrics::ErrorKind::NotFinite {
        return None;
    }
    let (field, index) = (e.field()?, e.index()?);
    MISSING.with_borrow(|all| {
        let (_, _, kind) = all.iter().find(|(f, i, _)| f == field && *i == index)?;
        Some(format!(
            "{field}[{index}] is {kind}: a missing value, which this call does not accept (where a function has a \
             nanPolicy option, \"omit\" leaves missing values out and \"propagate\" makes the result NaN)"
        ))
    })
}

const ARRAY: &str = "an array of numbers (an Array, a typed array or another iterable; null or undefined \
                     elements are missing values)";
const ELEMENT: &str = "a number (null or undefined for a missing value)";
const ROWS: &str = "an array of rows, each an array of numbers";
const SET: &str = "an Array or a typed array (a Set keeps each value once, so it cannot hold a sample of \
                   answers: pass an Array)";

/// How a JS value reads in an error message: strings quoted, numbers and BigInts as written,
/// other values by what they are.
pub fn show(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        format!("{s:?}")
    } else if let Some(x) = v.as_f64() {
        format!("{x}")
    } else if v.is_null() {
        "null".into()
    } else if v.is_undefined() {
        "undefined".into()
    } else if let Some(b) = v.as_bool() {
        b.to_string()
    } else if v.is_bigint() {
        let text = js_sys::BigInt::from(v.clone()).to_string(10).map(String::from).unwrap_or_default();
        format!("{text}n")
    } else if js_sys::Array::is_array(v) {
        "an array".into()
    } else if v.is_function() {
        "a function".into()
    } else if v.is_object() {
        let name = v
            .dyn_ref::<js_sys::Object>()
            .map(|o| o.constructor().name())
            .and_then(|n| n.as_string())
            .filter(|n| !n.is_empty() && n != "Object");
        name.map_or_else(|| "an object".into(), |n| format!("a {n}"))
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

fn invalid(at: Location, v: &JsValue, expected: &str) -> JsValue {
    error(Error::Invalid { at, value: show(v), expected: expected.into() })
}

/// `Ok` if wasm memory can hold `n` numbers (tried by reserving them), else `out_of_range`
/// naming `field`: the copy that follows would otherwise abort the module.
fn fits(field: &str, n: usize) -> JsResult<()> {
    Vec::<f64>::new().try_reserve_exact(n).map_err(|_| {
        error(Error::OutOfRange {
            at: Location::scalar(field),
            value: n as f64,
            expected: "the lengths that fit: the array is too large for WebAssembly memory (one array holds fewer \
                       than 2^28 numbers, and 4 GiB hold every argument and result)"
                .into(),
        })
    })
}

/// The numbers of a collection (from [`collection`]) of length `len`; a bad element is `invalid`
/// at `field[offset + i]`, an error thrown by the collection itself passes through.
fn read(field: &str, offset: usize, src: &JsValue, len: usize) -> JsResult<Vec<f64>> {
    fits(field, len)?;
    let read = numbers_of(src);
    note_missing(field, offset, offset == 0);
    read.map_err(|thrown| bad_element(field, offset, src, thrown))
}

/// What a collection's reader threw: `{ badIndex }` as `invalid` at `field[offset + badIndex]`
/// naming the element, anything else (an error of the collection itself) as it is.
fn bad_element(field: &str, offset: usize, src: &JsValue, thrown: JsValue) -> JsValue {
    let bad = Reflect::get(&thrown, &"badIndex".into()).ok().and_then(|i| i.as_f64());
    match bad {
        Some(i) => match Reflect::get_u32(src, i as u32) {
            Ok(value) => invalid(Location::at(field, offset + i as usize), &value, ELEMENT),
            Err(e) => e,
        },
        None => thrown,
    }
}

/// The indexable collection and its length, or `invalid` naming `field` (`expected` says what).
fn elements(field: &str, v: &JsValue, expected: &str) -> JsResult<(JsValue, usize)> {
    let src = collection(v)?;
    if src.is_undefined() {
        let set = v.is_instance_of::<js_sys::Set>() || v.is_instance_of::<js_sys::Map>();
        return Err(invalid(Location::scalar(field), v, if set { SET } else { expected }));
    }
    let len = Reflect::get(&src, &"length".into())?.as_f64().unwrap_or(0.0);
    Ok((src, len as usize))
}

/// A required array of numbers (see the module docs), as a new `Vec<f64>`.
pub fn numbers(field: &str, v: &JsValue) -> JsResult<Vec<f64>> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        fits(field, a.length() as usize)?;
        note_missing(field, 0, true);
        return Ok(a.to_vec());
    }
    let (src, len) = elements(field, v, ARRAY)?;
    read(field, 0, &src, len)
}

/// Rows per block of [`elementwise`] and [`each_block`]: 65,536 (the core's chunk, so a block's
/// sums are a chunk's; four inputs and the output are 2.5 MiB). Blocks of 8192 (320 KiB, in a
/// core's L2 cache) spent more on the calls across the boundary per block (a subarray of each
/// argument and of the result, and their copies) than the cache saved: trustScores on four
/// Float64Arrays of 10 million, 106 ms → 96 ms (benches/README.md).
const BLOCK: u32 = 65_536;

/// Whether `v` is a typed array of numbers (not BigInts), which [`each_block`] and
/// [`elementwise`] read block by block.
pub fn typed_array(v: &JsValue) -> bool {
    js_sys::ArrayBuffer::is_view(v)
        && !v.is_instance_of::<js_sys::DataView>()
        && !v.is_instance_of::<js_sys::BigInt64Array>()
        && !v.is_instance_of::<js_sys::BigUint64Array>()
}

/// A typed-array argument read block by block into a buffer in wasm memory that is reused: a
/// `Float64Array` by a block copy, another non-BigInt typed array by the engine's converting copy
/// (`fillNumbers`). Instead of copying the whole argument into wasm memory, each block is read
/// once and used while it is in cache.
struct Blocks<'a> {
    field: &'a str,
    src: &'a JsValue,
    f64: Option<&'a Float64Array>,
    len: u32,
}

impl<'a> Blocks<'a> {
    /// `None` for every other kind of argument, which the caller reads whole: that read words
    /// their errors, and reads an iterable once. Plain Arrays too: V8's check of every element
    /// (6 ms for 10 million) then its bulk copy into wasm memory (9 ms) take less time than one JS
    /// loop that checks and writes each element into a Float64Array (19 ms, benches/README.md).
    fn of(field: &'a str, v: &'a JsValue) -> Option<Self> {
        if let Some(a) = v.dyn_ref::<Float64Array>() {
            return Some(Self { field, src: v, f64: Some(a), len: a.length() });
        }
        if !typed_array(v) {
            return None;
        }
        let len = Reflect::get(v, &"length".into()).ok()?.as_f64()?;
        // Longer than a u32 counts (a Uint8Array can be): the whole read says it is too large.
        let len = u32::try_from(len as u64).ok()?;
        Some(Self { field, src: v, f64: None, len })
    }

    /// Elements `start..end` into `buf` (`end - start` long).
    fn read(&self, start: u32, end: u32, buf: &mut [f64]) -> JsResult<()> {
        if start == 0 {
            note_missing(self.field, 0, true); // a typed array has none: clears the last call's
        }
        let Some(a) = self.f64 else {
            // The JS half writes straight into `buf` through a view of wasm memory at its address.
            return fill_numbers(self.src, start, end, &wasm_bindgen::memory(), buf.as_mut_ptr() as u32);
        };
        a.subarray(start, end).copy_to(buf);
        Ok(())
    }
}

/// An element-wise kernel over `K` typed-array arguments of one length (see [`Blocks`]), block
/// by block: each block of the inputs is read into small buffers that are reused, computed by
/// `kernel`, and copied into the result. Wasm memory then holds a few blocks instead of every
/// argument and the result in full, and each number crosses into wasm memory and back while it is
/// in cache. `None` when an argument is another kind, the lengths differ or are
/// 0: the caller then reads the arguments whole, which words those cases. A kernel error's index
/// is moved from the block's to the argument's.
///
/// Only for kernels where an element's result depends on that element alone, so that blocks give
/// the whole call's answer, and the first failing element is in the first failing block.
pub fn elementwise<const K: usize>(
    args: [(&str, &JsValue); K],
    mut kernel: impl FnMut([&[f64]; K], &mut [f64]) -> custometrics::Result<()>,
) -> Option<JsResult<Float64Array>> {
    let sources = args.iter().map(|&(field, v)| Blocks::of(field, v)).collect::<Option<Vec<_>>>()?;
    let n = sources.first()?.len;
    if n == 0 || sources.iter().any(|a| a.len != n) {
        return None;
    }
    let out = Float64Array::new_with_length(n);
    let size = BLOCK.min(n) as usize;
    let mut inputs = vec![vec![0.0; size]; K];
    let mut result = vec![0.0; size];
    let mut start = 0;
    while start < n {
        let end = start.saturating_add(BLOCK).min(n);
        let len = (end - start) as usize;
        for (a, buf) in sources.iter().zip(inputs.iter_mut()) {
            if let Err(e) = a.read(start, end, &mut buf[..len]) {
                return Some(Err(e));
            }
        }
        let block: [&[f64]; K] = std::array::from_fn(|k| &inputs[k][..len]);
        if let Err(e) = kernel(block, &mut result[..len]) {
            let field = e.field().unwrap_or_default().to_owned();
            return Some(Err(error(e.relocated(&field, start as usize))));
        }
        out.subarray(start, end).copy_from(&result[..len]);
        start = end;
    }
    Some(Ok(out))
}

/// A reduction over one typed-array argument (see [`Blocks`]), block by block: each block is
/// read into one small reused buffer and passed to `each` with the index of its first element in
/// the argument, so wasm memory holds a block instead of the whole array, and each number is read
/// while it is in cache. An error of `each` names its element's index in the argument. `None` when
/// `v` is another kind or is empty: the caller then reads it whole, which words that case.
///
/// Only for reductions whose blocks' results add up to the whole array's, and whose first
/// failing element is in the first failing block.
pub fn each_block(
    field: &str,
    v: &JsValue,
    mut each: impl FnMut(usize, &[f64]) -> custometrics::Result<()>,
) -> Option<JsResult<()>> {
    let a = Blocks::of(field, v)?;
    let n = a.len;
    if n == 0 {
        return None;
    }
    let mut buf = vec![0.0; BLOCK.min(n) as usize];
    let mut start = 0;
    while start < n {
        let end = start.saturating_add(BLOCK).min(n);
        let block = &mut buf[..(end - start) as usize];
        if let Err(e) = a.read(start, end, block) {
            return Some(Err(e));
        }
        if let Err(e) = each(start as usize, block) {
            return Some(Err(error(e)));
        }
        start = end;
    }
    Some(Ok(()))
}

/// Integer scores as they are held: an `Int32Array` or a `Uint8Array` copied as its own type
/// (half or an eighth of the bytes of the `f64` copy, no conversion), for kernels that read
/// integers directly (`nps_of`); `None` for every other kind, which [`numbers`] reads.
pub enum IntegerScores {
    /// From an `Int32Array`.
    I32(Vec<i32>),
    /// From a `Uint8Array`.
    U8(Vec<u8>),
}

/// [`IntegerScores`] of `v` when it is one of those typed arrays (checked to fit in memory).
pub fn integer_scores(field: &str, v: &JsValue) -> JsResult<Option<IntegerScores>> {
    let scores = if let Some(a) = v.dyn_ref::<js_sys::Int32Array>() {
        fits(field, (a.length() as usize).div_ceil(2))?;
        IntegerScores::I32(a.to_vec())
    } else if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
        fits(field, (a.length() as usize).div_ceil(8))?;
        IntegerScores::U8(a.to_vec())
    } else {
        return Ok(None);
    };
    note_missing(field, 0, true);
    Ok(Some(scores))
}

/// An optional array of numbers: `None` for `undefined` or `null`, else as [`numbers`].
pub fn optional_numbers(field: &str, v: &JsValue) -> JsResult<Option<Vec<f64>>> {
    if v.is_undefined() || v.is_null() { Ok(None) } else { numbers(field, v).map(Some) }
}

/// A matrix given as its rows, flattened row-major, with its column count.
pub fn matrix(field: &str, v: &JsValue) -> JsResult<(Vec<f64>, usize)> {
    let (rows, n_rows) = elements(field, v, ROWS)?;
    let mut out = Vec::new();
    let mut cols = 0;
    for r in 0..n_rows {
        let row_value = Reflect::get_u32(&rows, r as u32)?;
        let row_field = format!("{field}[{r}]");
        let (row, len) = elements(&row_field, &row_value, ROWS)?;
        if r == 0 {
            cols = len;
            fits(field, n_rows.saturating_mul(cols))?;
            out.reserve_exact(n_rows * cols);
        } else if len != cols {
            return Err(error(Error::LengthMismatch {
                at: Location::scalar(row_field),
                len,
                other: format!("{field}[0]"),
                other_len: cols,
            }));
        }
        out.extend_from_slice(&read(field, r * cols, &row, len)?);
    }
    Ok((out, cols))
}

/// A required number: `undefined`, `null` and non-numbers are `invalid` naming `field`.
pub fn number(field: &str, v: &JsValue) -> JsResult<f64> {
    v.as_f64().ok_or_else(|| invalid(Location::scalar(field), v, "a number"))
}

/// An optional number: `None` for `undefined` or `null`, else as [`number`].
pub fn optional_number(field: &str, v: &JsValue) -> JsResult<Option<f64>> {
    if v.is_undefined() || v.is_null() { Ok(None) } else { number(field, v).map(Some) }
}
