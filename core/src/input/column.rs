//! [`Column`]: one column of numbers at its own width (`f64`, `f32`, integers of 8 to 64 bits,
//! `bool`), read by the batch kernels without a full-size `f64` copy.
//!
//! A kernel over columns is written once, over `f64`. It runs over the rows in the fixed chunks
//! of [`par`] (in parallel with the feature), and inside a chunk over blocks of [`BLOCK`] rows:
//! a column that is not `f64` is widened block by block into a small buffer on the stack, which
//! stays in the first-level cache, and the kernel reads that; an `f64` column is read in place,
//! a whole chunk at a time. Each row's value is the column's element converted with `as f64`
//! (exact for every type but 64-bit integers beyond 2⁵³, which round to the nearest `f64` as any
//! conversion would), so a kernel gives the same bits on every type as on the column converted
//! to `f64` first — only the memory traffic of that conversion is saved.

use crate::numerics::parallel as par;
#[cfg(feature = "simd")]
use pulp::Arch;
use std::ops::Range;

/// One column of numbers at its own width, borrowed: what a caller holding integers or `f32`
/// (a numpy `int64` array, a polars `UInt8` column …) passes to the `*_of` batch functions
/// without converting it to `f64` first. `bool` reads as 0 and 1.
///
/// ```
/// use custometrics::{Column, NanPolicy, satisfaction::{csat, csat_of}};
/// let ints: Vec<i64> = vec![5, 4, 3, 5, 1];
/// let floats: Vec<f64> = ints.iter().map(|&x| x as f64).collect();
/// let a = csat_of(Column::from(&ints[..]), 5, 2, NanPolicy::Raise)?;
/// assert_eq!(a, csat(&floats, 5, 2, NanPolicy::Raise)?);
/// assert_eq!(Column::from(&[true, false][..]).get(0), Some(1.0));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Column<'a> {
    /// 64-bit floats, read in place.
    F64(&'a [f64]),
    /// 32-bit floats.
    F32(&'a [f32]),
    /// Signed 64-bit integers.
    I64(&'a [i64]),
    /// Signed 32-bit integers.
    I32(&'a [i32]),
    /// Signed 16-bit integers.
    I16(&'a [i16]),
    /// Signed 8-bit integers.
    I8(&'a [i8]),
    /// Unsigned 64-bit integers.
    U64(&'a [u64]),
    /// Unsigned 32-bit integers.
    U32(&'a [u32]),
    /// Unsigned 16-bit integers.
    U16(&'a [u16]),
    /// Unsigned 8-bit integers.
    U8(&'a [u8]),
    /// Booleans, read as 0 and 1.
    Bool(&'a [bool]),
}

/// Runs `$body` with `$s` bound to the column's slice, whatever its type.
macro_rules! each_type {
    ($col:expr, |$s:ident| $body:expr) => {
        match $col {
            Column::F64($s) => $body,
            Column::F32($s) => $body,
            Column::I64($s) => $body,
            Column::I32($s) => $body,
            Column::I16($s) => $body,
            Column::I8($s) => $body,
            Column::U64($s) => $body,
            Column::U32($s) => $body,
            Column::U16($s) => $body,
            Column::U8($s) => $body,
            Column::Bool($s) => $body,
        }
    };
}

/// An element type a column can hold, converted to `f64` as `as f64` converts it. (The method
/// is not called `widen`: the standard library is adding an integer method of that name, which
/// would take its place.)
pub(crate) trait Widen: Copy {
    fn to_f64(self) -> f64;
}

macro_rules! widen {
    ($($t:ty => $v:ident),*) => {$(
        impl Widen for $t {
            #[inline(always)]
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
        impl<'a> From<&'a [$t]> for Column<'a> {
            fn from(s: &'a [$t]) -> Self {
                Column::$v(s)
            }
        }
    )*};
}
widen!(f64 => F64, f32 => F32, i64 => I64, i32 => I32, i16 => I16, i8 => I8, u64 => U64, u32 => U32, u16 => U16, u8 => U8);

impl Widen for bool {
    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(u8::from(self))
    }
}

impl<'a> From<&'a [bool]> for Column<'a> {
    fn from(s: &'a [bool]) -> Self {
        Column::Bool(s)
    }
}

/// Rows per block when a column is widened: 8 KiB of `f64` per column, so that the buffers of
/// four columns and the kernel's output fit the first-level cache together.
pub(crate) const BLOCK: usize = 1024;

impl<'a> Column<'a> {
    /// The number of rows.
    pub fn len(&self) -> usize {
        each_type!(self, |s| s.len())
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` as `f64` (`None` past the end).
    pub fn get(&self, i: usize) -> Option<f64> {
        each_type!(self, |s| s.get(i).map(|x| x.to_f64()))
    }

    /// The rows as `f64` in a new vector (for the few computations that need them all at once;
    /// the batch kernels read the column block by block instead).
    pub fn to_vec(&self) -> Vec<f64> {
        each_type!(self, |s| s.iter().map(|x| x.to_f64()).collect())
    }

    /// How many rows `v` have `v as f64 >= threshold`, counted at the column's own width, when it
    /// holds integers or `bool`, or `f32` values that are all finite (`None` for `f64`, and for
    /// `f32` with a NaN or an infinity, which the caller's NaN policy decides). The comparison is the
    /// one on `f64`: since `as f64` never decreases with `v`, the rows that pass are those at or
    /// above the least integer `k` of the type with `k as f64 >= threshold` (found by bisection,
    /// so 64-bit integers beyond 2⁵³ count as their rounded value does), and the count compares
    /// integers, which vectorises at the column's width.
    pub(crate) fn count_at_least(&self, threshold: f64) -> Option<u64> {
        fn run<T: Widen + Send + Sync + PartialOrd + TryFrom<i128>>(s: &[T], lo: i128, hi: i128, threshold: f64) -> u64
        where
            i128: From<T>,
        {
            // The least k in lo..=hi with k as f64 >= threshold (hi + 1: none).
            #[allow(clippy::cast_precision_loss)]
            let passes = |k: i128| (k as f64) >= threshold;
            let (mut a, mut b) = (lo, hi + 1);
            while a < b {
                let m = a + (b - a) / 2;
                if passes(m) { b = m } else { a = m + 1 }
            }
            let Ok(k) = T::try_from(a) else { return 0 };
            par::map_chunks(s, |c| c.iter().map(|&v| u64::from(v >= k)).sum::<u64>()).into_iter().sum()
        }
        macro_rules! ints {
            ($($v:ident: $t:ty),*) => {
                match self {
                    $(Column::$v(s) => Some(run(s, i128::from(<$t>::MIN), i128::from(<$t>::MAX), threshold)),)*
                    Column::Bool(s) => Some(par::map_chunks(s, |c| c.iter().map(|&v| u64::from(f64::from(u8::from(v)) >= threshold)).sum::<u64>()).into_iter().sum()),
                    Column::F32(s) => f32_at_least(s, threshold),
                    Column::F64(_) => None,
                }
            };
        }
        ints!(I64: i64, I32: i32, I16: i16, I8: i8, U64: u64, U32: u32, U16: u16, U8: u8)
    }

    /// The rows `range` as `f64`, when the column holds `f64`.
    fn f64_rows(&self, range: Range<usize>) -> Option<&'a [f64]> {
        match self {
            Column::F64(s) => Some(s.get(range).unwrap_or_default()),
            _ => None,
        }
    }

    /// The rows, when the column holds `i64`.
    fn i64_rows(&self) -> Option<&'a [i64]> {
        match self {
            Column::I64(s) => Some(s),
            _ => None,
        }
    }

    /// Writes rows `start..start + out.len()` into `out` as `f64` (rows past the end are left
    /// alone).
    fn widen_into(&self, start: usize, out: &mut [f64]) {
        #[inline(always)]
        fn run<T: Widen>(s: &[T], start: usize, out: &mut [f64]) {
            let s = s.get(start..).unwrap_or_default();
            out.iter_mut().zip(s).for_each(|(o, x)| *o = x.to_f64());
        }
        // With the `simd` feature, compiled per instruction set and picked at run time (as the
        // kernels are): baseline x86-64 has no vector conversion from 64-bit integers, AVX-512
        // converts eight at once.
        #[cfg(feature = "simd")]
        each_type!(self, |s| Arch::new().dispatch(|| run(s, start, out)));
        #[cfg(not(feature = "simd"))]
        each_type!(self, |s| run(s, start, out));
    }
}

/// `f(offset, blocks)` over the rows `range` of `K` columns (each at least `range.end` long), in
/// consecutive blocks: `blocks[k]` holds rows `offset..offset + len` of column `k` as `f64`, the
/// same length for every column. When every column holds `f64` the whole range is one block,
/// read in place; otherwise blocks of [`BLOCK`] rows, each column that is not `f64` widened into
/// a buffer on the stack.
pub(crate) fn blocks<const K: usize>(
    cols: &[Column<'_>; K],
    range: Range<usize>,
    mut f: impl FnMut(usize, [&[f64]; K]),
) {
    if cols.iter().all(|c| matches!(c, Column::F64(_))) {
        f(range.start, std::array::from_fn(|k| cols[k].f64_rows(range.clone()).unwrap_or_default()));
        return;
    }
    let mut bufs = [[0.0f64; BLOCK]; K];
    let mut start = range.start;
    while start < range.end {
        let end = (start + BLOCK).min(range.end);
        for (buf, col) in bufs.iter_mut().zip(cols) {
            if !matches!(col, Column::F64(_)) {
                col.widen_into(start, &mut buf[..end - start]);
            }
        }
        f(start, std::array::from_fn(|k| cols[k].f64_rows(start..end).unwrap_or(&bufs[k][..end - start])));
        start = end;
    }
}

/// Per chunk of rows of `K` columns of `n` rows (the fixed chunks of [`par`], in parallel with
/// the feature): a state from `init`, passed with every block of the chunk to `step` (as in
/// [`blocks`]); the states in chunk order.
pub(crate) fn fold<const K: usize, S, I, F>(cols: &[Column<'_>; K], n: usize, init: I, step: F) -> Vec<S>
where
    S: Send,
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, usize, [&[f64]; K]) + Sync + Send,
{
    par::map_ranges(n, |range| {
        let mut state = init();
        blocks(cols, range, |at, b| step(&mut state, at, b));
        state
    })
}

/// [`fold`] with an output row per input row: `step` also gets the block's rows of `out`
/// (rows of the columns beyond `out.len()` are not read).
pub(crate) fn fold_into<const K: usize, T, S, I, F>(cols: &[Column<'_>; K], out: &mut [T], init: I, step: F) -> Vec<S>
where
    T: Send,
    S: Send,
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, [&[f64]; K], &mut [T]) + Sync + Send,
{
    par::chunks_mut_at(out, |start, out| {
        let mut state = init();
        blocks(cols, start..start + out.len(), |at, b| {
            let len = b.first().map_or(0, |c| c.len());
            if let Some(o) = out.get_mut(at - start..at - start + len) {
                step(&mut state, b, o);
            }
        });
        state
    })
}

/// `fill(blocks, out_block)` over every row of `K` columns and `out` (one row each), as the
/// batch kernels that write one value per row and say whether every row was valid: with `f64`
/// columns `fill` gets the whole columns in one call (and runs its own parallel loop), with
/// others [`fold_into`]'s chunks and blocks. Whether every call returned true.
pub(crate) fn fill<const K: usize, T: Send>(
    cols: &[Column<'_>; K],
    out: &mut [T],
    fill: impl Fn([&[f64]; K], &mut [T]) -> bool + Sync + Send,
) -> bool {
    if cols.iter().all(|c| matches!(c, Column::F64(_))) {
        let n = out.len();
        return fill(std::array::from_fn(|k| cols[k].f64_rows(0..n).unwrap_or_default()), out);
    }
    fold_into(cols, out, || true, |ok, b, o| *ok &= fill(b, o)).into_iter().all(|ok| ok)
}

/// [`Column::count_at_least`] of `f32` rows: `f32` → `f64` is exact and increasing, so a row
/// passes when it is at or above the least `f32` whose `f64` value passes; `None` when a row is
/// not finite. One pass counts both at the rows' own width (a float32 column is not widened).
fn f32_at_least(s: &[f32], threshold: f64) -> Option<u64> {
    // `as` rounds to the nearest `f32` (±inf beyond its range, which no finite row reaches or
    // every finite row passes, as on `f64`); one step up where that fell below the threshold.
    #[allow(clippy::cast_possible_truncation)]
    let nearest = threshold as f32;
    let k = if f64::from(nearest) < threshold { nearest.next_up() } else { nearest };
    let counts = par::map_chunks(s, |c| {
        c.iter().fold((0u64, 0u64), |(pass, bad), &v| (pass + u64::from(v >= k), bad + u64::from(!v.is_finite())))
    });
    let (pass, bad) = counts.into_iter().fold((0, 0), |(p, b), (q, c)| (p + q, b + c));
    (bad == 0).then_some(pass)
}

/// [`fill`] with a second form of the kernel, `ints`, over `i64` columns read in place: when
/// every column holds `i64` and `ints` gives an answer (`Some`, whether every row was valid),
/// it runs once over the whole columns (with its own parallel loop), converting each row in
/// registers as it reads it; otherwise (`None`, or other types) as [`fill`]. For a
/// compute-bound kernel this matters: over blocks widened first, each block waits on memory
/// while it is widened and then computes with the memory idle (about 2.4 ns a row on one thread
/// for BG/NBD P(alive), a quarter of the kernel), where a kernel reading the integers overlaps
/// the two as it does for `f64`. `ints` must give the bits `fill` gives on the columns as `f64`.
pub(crate) fn fill_or_ints<const K: usize, T: Send>(
    cols: &[Column<'_>; K],
    out: &mut [T],
    fill_f64: impl Fn([&[f64]; K], &mut [T]) -> bool + Sync + Send,
    ints: impl FnOnce([&[i64]; K], &mut [T]) -> Option<bool>,
) -> bool {
    let n = out.len();
    if cols.iter().all(|c| matches!(c, Column::I64(_)))
        && let Some(ok) =
            ints(std::array::from_fn(|k| cols[k].i64_rows().and_then(|s| s.get(..n)).unwrap_or_default()), out)
    {
        return ok;
    }
    fill(cols, out, fill_f64)
}

/// The index of the first row of `col` failing `ok`: each chunk is tested branch-free first,
/// and only the first failing chunk is searched row by row.
pub(crate) fn first_failing(col: Column<'_>, ok: impl Fn(f64) -> bool + Sync + Send) -> Option<usize> {
    let passed = fold(&[col], col.len(), || true, |all, _, [b]| *all = b.iter().fold(*all, |a, &x| a & ok(x)));
    let start = passed.iter().position(|p| !p)? * par::CHUNK;
    (start..col.len()).find(|&i| col.get(i).is_some_and(|x| !ok(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

    /// The rows every block visit sees, in order, for columns of two types.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn blocks_cover_the_range_in_order() {
        let n = 3 * BLOCK + 17;
        let a: Vec<i16> = (0..n).map(|i| (i % 30_000) as i16 - 7).collect();
        let b: Vec<f64> = (0..n).map(|i| i as f64 * 0.5).collect();
        let cols = [Column::from(&a[..]), Column::from(&b[..])];
        let mut seen = Vec::new();
        blocks(&cols, 5..n - 3, |at, [x, y]| {
            assert_eq!(x.len(), y.len());
            assert!(x.len() <= BLOCK);
            for (k, (&x, &y)) in x.iter().zip(y).enumerate() {
                seen.push((at + k, x, y));
            }
        });
        let want: Vec<(usize, f64, f64)> = (5..n - 3).map(|i| (i, f64::from(a[i]), b[i])).collect();
        assert_eq!(seen, want);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn f64_columns_are_one_block_in_place() {
        let v = vec![1.0; 5000];
        let mut calls = 0;
        blocks(&[Column::from(&v[..])], 0..5000, |at, [b]| {
            calls += 1;
            assert_eq!((at, b.as_ptr(), b.len()), (0, v.as_ptr(), 5000));
        });
        assert_eq!(calls, 1);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_type_widens_as_as_f64() {
        let big = (1u64 << 53) + 1; // rounds to 2⁵³, as `as f64` rounds it
        assert_eq!(Column::from(&[big][..]).to_vec(), vec![big as f64]);
        assert_eq!(Column::from(&[i64::MIN, -1, 7][..]).to_vec(), vec![i64::MIN as f64, -1.0, 7.0]);
        assert_eq!(Column::from(&[u8::MAX][..]).get(0), Some(255.0));
        assert_eq!(Column::from(&[-3i8][..]).get(0), Some(-3.0));
        assert_eq!(Column::from(&[0.1f32][..]).get(0), Some(f64::from(0.1f32)));
        assert!(Column::from(&[f32::NAN][..]).get(0).is_some_and(f64::is_nan));
        assert_eq!(Column::from(&[false, true][..]).to_vec(), vec![0.0, 1.0]);
        assert_eq!(Column::from(&[1u16][..]).get(1), None);
        assert!(Column::from(&[0u32; 0][..]).is_empty());
    }

    /// The integer count agrees with the comparison on `f64` for every type, at thresholds
    /// between integers, on them, beyond each type's range and where 64-bit integers round.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn count_at_least_is_the_f64_comparison() {
        let near = (1i64 << 53) + 1;
        let i64s = [i64::MIN, -300, -1, 0, 1, 4, 5, 255, 256, near, near + 2, i64::MAX - 1, i64::MAX];
        let u64s = [0u64, 1, 4, 5, 255, (1 << 53) + 1, u64::MAX - 1, u64::MAX];
        let thresholds = [
            f64::NEG_INFINITY,
            -1e300,
            -300.5,
            -1.0,
            -0.5,
            0.0,
            0.5,
            4.0,
            4.5,
            5.0,
            255.0,
            255.5,
            256.0,
            9007199254740992.0,
            9007199254740994.0,
            9.223372036854775e18,
            9.223372036854776e18,
            1.8446744073709552e19,
            1e300,
            f64::INFINITY,
        ];
        let check = |c: Column<'_>| {
            for &th in &thresholds {
                let want = c.to_vec().iter().filter(|&&v| v >= th).count() as u64;
                assert_eq!(c.count_at_least(th), Some(want), "{c:?} at {th}");
            }
        };
        check(Column::from(&i64s[..]));
        check(Column::from(&u64s[..]));
        check(Column::from(&[i32::MIN, -5, 0, 4, 5, i32::MAX][..]));
        check(Column::from(&[i16::MIN, -5, 0, 4, 5, i16::MAX][..]));
        check(Column::from(&[i8::MIN, -5, 0, 4, 5, i8::MAX][..]));
        check(Column::from(&[0u32, 4, 5, u32::MAX][..]));
        check(Column::from(&[0u16, 4, 5, u16::MAX][..]));
        check(Column::from(&[0u8, 4, 5, 255][..]));
        check(Column::from(&[false, true, true][..]));
        assert_eq!(Column::from(&[1.0f64][..]).count_at_least(0.0), None);
        let f32s = [f32::MIN, -300.5, -1.0, -0.0, 0.0, 0.1, 0.5, 4.0, 4.5, 5.0, 16_777_217.0, 1e30, f32::MAX];
        check(Column::from(&f32s[..]));
        let near = [0.1f32, 0.1f32.next_up(), 0.1f32.next_down(), 1.0 / 3.0];
        for &th in &[0.1, f64::from(0.1f32), f64::from(1.0f32 / 3.0), 1.0 / 3.0, 1e39, -1e39] {
            let want = near.iter().filter(|&&v| f64::from(v) >= th).count() as u64;
            assert_eq!(Column::from(&near[..]).count_at_least(th), Some(want), "{th}");
        }
        assert_eq!(Column::from(&[1.0f32, f32::NAN][..]).count_at_least(0.0), None);
        assert_eq!(Column::from(&[f32::INFINITY][..]).count_at_least(0.0), None);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn first_failing_finds_the_first_across_chunks() {
        let mut v = vec![1i32; 2 * par::CHUNK + 9];
        assert_eq!(first_failing(Column::from(&v[..]), |x| x > 0.0), None);
        v[par::CHUNK + 3] = -1;
        v[2 * par::CHUNK + 1] = -1;
        assert_eq!(first_failing(Column::from(&v[..]), |x| x > 0.0), Some(par::CHUNK + 3));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn fold_into_pairs_rows_with_output() {
        let n = par::CHUNK + 2 * BLOCK + 5;
        let a: Vec<u32> = (0..n as u32).collect();
        let mut out = vec![0.0; n];
        let sums = fold_into(
            &[Column::from(&a[..])],
            &mut out,
            || 0.0,
            |s, [b], o| {
                for (o, &x) in o.iter_mut().zip(b) {
                    *o = 2.0 * x;
                    *s += x;
                }
            },
        );
        assert!(out.iter().enumerate().all(|(i, &o)| o == 2.0 * i as f64));
        assert_eq!(sums.len(), 2);
        assert_eq!(sums.iter().sum::<f64>(), (0..n).map(|i| i as f64).sum::<f64>());
    }
}
