//! Elementary functions that the compiler can vectorise, and row kernels run with the widest
//! SIMD instructions the CPU offers.
//!
//! `f64::powf`, `f64::ln` and `f64::exp` call the platform's libm one value at a time, so a loop
//! over ten million customers that needs a power per row is bound by those calls, not by memory.
//! The functions here are plain `f64` and integer arithmetic without branches: in a loop the
//! compiler turns them into SIMD code. With the `simd` feature [`fill_rows`] compiles its loop
//! for AVX-512, AVX2 + FMA and baseline x86-64 alike and picks one at run time through `pulp`'s
//! safe dispatch (the crate keeps the `unsafe` of `#[target_feature]` to itself, so the core stays
//! `#![forbid(unsafe_code)]`); without it the loop is compiled once, for the build's target.
//!
//! Rust never contracts `a * b + c` into a fused multiply-add, and SIMD addition, multiplication
//! and division round as their scalar forms do, so every instruction set — and WebAssembly — gets
//! the same bits.
//!
//! Hand-written because no crate fills this role: `libm` is scalar code with branches that does
//! not vectorise, `sleef` needs nightly `portable_simd`, and `wide` fixes its instruction set at
//! compile time, so a portable wheel would get SSE2 only.

use crate::input::column::Widen;
#[cfg(feature = "simd")]
use pulp::{Arch, Simd, WithSimd};

/// 1.5 · 2⁵²: adding it to a number of magnitude below 2⁵¹ rounds to an integer and leaves that
/// integer in the low bits of the sum (two's complement).
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;
/// The significand bits of an `f64`.
const SIGNIFICAND: u64 = 0x000f_ffff_ffff_ffff;
/// The bits of 1.0 and of √2/2.
const ONE_BITS: u64 = 0x3ff0_0000_0000_0000;
const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_667f_3bcd;

/// (n/d)ᵉ for positive normal finite `n` and `d` and a finite `e`: one division, no call, no
/// branch. Tested against 50-digit values (`core/tests/data/pow_ratio.json`): within
/// 1 + |e log₂(n/d)|/4 ulps. Saturates to infinity from 2^1023.5 (a factor √2 short of
/// `f64::MAX`) and flushes results below 2⁻¹⁰²² to 0. Other inputs give unspecified values;
/// callers mask them.
///
/// - log₂(n/d) = k + ln(p/q)/ln 2, where n = 2ᵃ p with p in [√2/2, √2) and d = 2ᵇ q with q in
///   [1, 2), and p doubles (k = a − b − 1 instead of a − b) when p/q < √2/2, so that p/q lies
///   in [√2/2, √2).
/// - ln(p/q) = 2 atanh(s) = 2s + s R(s²) with s = (p − q)/(p + q) and the polynomial R of
///   fdlibm's `e_log.c` (Sun Microsystems, 1993; its coefficients Lg1–Lg7, error below 2⁻⁵⁸
///   there). p − q is exact (Sterbenz), so a ratio near 1 keeps its digits as `ln_1p` would,
///   where ln(n) − ln(d) would cancel them.
/// - y = e log₂(n/d) = j + f with j an integer and |f| <= 1/2, 2ᶠ by a polynomial of degree
///   11 (a Chebyshev fit, error 3.2·10⁻¹⁸; `core/tests/data/generate_pow_ratio.py` prints it),
///   and 2ʲ written into the exponent bits.
///
/// One logarithm and one exponential with a single division: a third fewer operations than
/// `exp(e · ln_1p((n − d)/d))` and three divisions fewer.
#[inline(always)]
pub(crate) fn pow_ratio(n: f64, d: f64, e: f64) -> f64 {
    // Adding 1 − √2/2 to n's significand (through the bits) carries into the exponent exactly
    // when p >= √2, which picks a and p in one step; q is d's significand with exponent 0.
    let nb = n.to_bits().wrapping_add(ONE_BITS - SQRT_HALF_BITS);
    let p = f64::from_bits((nb & SIGNIFICAND).wrapping_add(SQRT_HALF_BITS));
    let db = d.to_bits();
    let q = f64::from_bits((db & SIGNIFICAND) | ONE_BITS);
    // a − b from the biased exponents (the biases cancel) as a float, through ROUND_SHIFT's
    // bits rather than an integer conversion, which AVX2 lacks.
    let k = f64::from_bits(ROUND_SHIFT.to_bits().wrapping_add((nb >> 52).wrapping_sub(db >> 52))) - ROUND_SHIFT;
    let low = p < q * std::f64::consts::FRAC_1_SQRT_2;
    let p = if low { p + p } else { p };
    let k = if low { k - 1.0 } else { k };
    let s = (p - q) / (p + q);
    let ln_pq = (s + s) + s * lg(s * s);
    let y = (e * k + (e * ln_pq) * std::f64::consts::LOG2_E).clamp(-1100.0, 1024.0); // NaN stays NaN
    let shifted = y + ROUND_SHIFT;
    let j = shifted - ROUND_SHIFT;
    let f = y - j; // exact
    // 2ᶠ = 1 + f ln 2 + f² P(f), P by Estrin's scheme: pairs, then pairs of pairs, a dependency
    // chain four steps long where Horner's rule takes ten.
    let f2 = f * f;
    let f4 = f2 * f2;
    let q0 = 0.240_226_506_959_101_58 + f * 0.055_504_108_664_821_625;
    let q1 = 0.009_618_129_107_587_256 + f * 0.001_333_355_814_640_647;
    let q2 = 0.000_154_035_304_637_243_53 + f * 1.525_273_384_155_677_3e-5;
    let q3 = 1.321_543_253_591_237_5e-6 + f * 1.017_805_708_773_394_1e-7;
    let q4 = 7.074_194_297_288_521e-9 + f * 4.455_817_908_336_064_5e-10;
    let poly = (q0 + f2 * q1) + f4 * ((q2 + f2 * q3) + f4 * q4);
    let two_f = 1.0 + (f * std::f64::consts::LN_2 + f2 * poly);
    // j sits in the low bits of `shifted`; 2ʲ has j + 1023 as its biased exponent, which is
    // 2047 (infinity) at j = 1024.
    let scaled = two_f * f64::from_bits(shifted.to_bits().wrapping_add(1023) << 52);
    if y < -1022.0 { 0.0 } else { scaled }
}

/// fdlibm's R(z) = Lg1 z + … + Lg7 z⁷ ≈ (2 atanh(s) − 2s)/s at z = s² for |s| <= 3 − 2√2,
/// summed in its odd and even halves (as fdlibm does): two short dependency chains instead of
/// one long one.
#[inline(always)]
fn lg(z: f64) -> f64 {
    let w = z * z;
    let odd = z
        * (0.666_666_666_666_673_5
            + w * (0.285_714_287_436_623_9 + w * (0.181_835_721_616_180_5 + w * 0.147_981_986_051_165_86)));
    let even = w * (0.399_999_999_994_094_2 + w * (0.222_221_984_321_497_84 + w * 0.153_138_376_992_093_73));
    odd + even
}

/// One row's computation over three columns: its value, and whether the row was valid.
///
/// Implementations mark `at` `#[inline(always)]` and keep it free of branches and calls to
/// libm, so that [`fill_rows`] vectorises it.
pub(crate) trait RowKernel: Copy + Sync {
    fn at(&self, a: f64, b: f64, c: f64) -> (f64, bool);
}

/// Rows per task on the thread pool.
const TASK_ROWS: usize = crate::numerics::parallel::CHUNK * 4;

/// `out[i]` = `kernel.at(a[i], b[i], c[i])` for every row (each as `f64`: the columns may hold
/// `i64`, converted in registers as they are read; NaN where the row is invalid), with
/// the widest SIMD instructions this CPU has and on all cores with the `parallel` feature;
/// whether every row was valid. Rows beyond the shortest slice are left alone.
pub(crate) fn fill_rows<K: RowKernel, E: Widen + Sync>(kernel: &K, a: &[E], b: &[E], c: &[E], out: &mut [f64]) -> bool {
    let n = out.len().min(a.len()).min(b.len()).min(c.len());
    crate::numerics::parallel::all_blocks_mut(&mut out[..n], TASK_ROWS, |start, out| {
        let end = start + out.len();
        dispatch(Rows { kernel, a: &a[start..end], b: &b[start..end], c: &c[start..end], out })
    })
}

/// `rows` with the widest instruction set this CPU has (the `simd` feature), or as compiled.
fn dispatch<K: RowKernel, E: Widen>(rows: Rows<'_, K, E>) -> bool {
    #[cfg(feature = "simd")]
    {
        Arch::new().dispatch(rows)
    }
    #[cfg(not(feature = "simd"))]
    {
        rows.run()
    }
}

/// The loop of [`fill_rows`] over one chunk, as a `pulp` operation so that it is compiled once
/// per instruction set.
struct Rows<'a, K, E> {
    kernel: &'a K,
    a: &'a [E],
    b: &'a [E],
    c: &'a [E],
    out: &'a mut [f64],
}

#[cfg(feature = "simd")]
impl<K: RowKernel, E: Widen> WithSimd for Rows<'_, K, E> {
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: Simd>(self, _simd: S) -> bool {
        self.run()
    }
}

impl<K: RowKernel, E: Widen> Rows<'_, K, E> {
    /// The loop, inlined into each instruction set's copy (plain Rust without the `simd`
    /// feature).
    #[inline(always)]
    fn run(self) -> bool {
        let n = self.out.len();
        let (a, b, c) = (&self.a[..n], &self.b[..n], &self.c[..n]);
        // A copy in locals: the compiler keeps its fields in registers, where through the
        // reference it would reload them for every vector of rows (a third slower).
        let kernel = *self.kernel;
        let mut all = true;
        for (i, o) in self.out.iter_mut().enumerate() {
            let (v, ok) = kernel.at(a[i].to_f64(), b[i].to_f64(), c[i].to_f64());
            *o = if ok { v } else { f64::NAN };
            all &= ok;
        }
        all
    }
}

/// `kernel` over the rows with each instruction set this CPU has — baseline (pulp's `Scalar`),
/// and on x86-64 AVX2 + FMA and AVX-512 where available — named, for tests that the bits agree
/// (the dispatch in [`fill_rows`] only ever runs the widest).
#[cfg(test)]
pub(crate) fn fill_rows_per_instruction_set<K: RowKernel>(
    kernel: &K,
    a: &[f64],
    b: &[f64],
    c: &[f64],
) -> Vec<(&'static str, Vec<f64>, bool)> {
    let n = a.len().min(b.len()).min(c.len());
    let run = |f: &dyn Fn(Rows<'_, K, f64>) -> bool| {
        let mut out = vec![0.0; n];
        let ok = f(Rows { kernel, a: &a[..n], b: &b[..n], c: &c[..n], out: &mut out });
        (out, ok)
    };
    let mut results = Vec::new();
    #[cfg(feature = "simd")]
    let (out, ok) = run(&|rows| Simd::vectorize(pulp::Scalar::new(), rows));
    #[cfg(not(feature = "simd"))]
    let (out, ok) = run(&|rows| rows.run());
    results.push(("baseline", out, ok));
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    {
        if let Some(simd) = pulp::x86::V3::try_new() {
            let (out, ok) = run(&|rows| Simd::vectorize(simd, rows));
            results.push(("AVX2", out, ok));
        }
        if let Some(simd) = pulp::x86::V4::try_new() {
            let (out, ok) = run(&|rows| Simd::vectorize(simd, rows));
            results.push(("AVX-512", out, ok));
        }
    }
    results
}

#[cfg(test)]
// Tests compare with the platform's maths or build inputs with it.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The functions must give the same bits in WASM: these tests run there too.
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// The ulps that `pow_ratio` may be off by where the exact result is 2^y: 1, plus what the
    /// roundings in y = e log₂(n/d) cost, about 2|y| ulps — the order of what a one-ulp change in
    /// e itself makes of (n/d)ᵉ.
    fn allowed_ulps(n: f64, d: f64, e: f64) -> u64 {
        1 + (2.0 * (e * (n.log2() - d.log2())).abs()) as u64
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pow_ratio_matches_50_digit_values() {
        // Written by tests/data/generate_pow_ratio.py with mpmath.
        let csv = include_str!("../../tests/data/pow_ratio.csv");
        let (mut cases, mut worst, mut small, mut per_y) = (0, 0, 0, 0.0f64);
        for line in csv.lines().skip(1) {
            // A field that does not parse becomes NaN, which fails the comparison below.
            let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap_or(f64::NAN)).collect();
            let (n, d, e, want) = (v[0], v[1], v[2], v[3]);
            let (got, allowed) = (pow_ratio(n, d, e), allowed_ulps(n, d, e));
            let off = ulps(got, want);
            assert!(off <= allowed, "({n}/{d})^{e}: {got} against {want}, {off} ulps (allowed {allowed})");
            worst = worst.max(off);
            let y = (e * (n.log2() - d.log2())).abs();
            if y < 1.0 {
                small = small.max(off)
            } else {
                per_y = per_y.max(off as f64 / y)
            }
            cases += 1;
        }
        assert!(cases > 1000, "{cases} cases");
        // Measured when written: 1 ulp where |y| < 1, 1.3 |y| elsewhere (549 at most).
        assert!(small <= 1 && per_y < 2.0 && worst > 0, "{small} ulps where |y| < 1, {per_y} |y| elsewhere");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pow_ratio_edges() {
        assert_eq!(pow_ratio(3.7, 3.7, 123.4), 1.0);
        assert_eq!(pow_ratio(1e300, 1e-300, 0.0), 1.0);
        assert_eq!(pow_ratio(2.0, 1.0, 10.0), 1024.0);
        assert_eq!(pow_ratio(1.0, 8.0, 1.0), 0.125);
        assert_eq!(pow_ratio(f64::MIN_POSITIVE, 1.0, 1.0), f64::MIN_POSITIVE);
        // Saturation from 2^1023.5, flushing below 2^-1022.
        assert_eq!(pow_ratio(2.0, 1.0, 1023.0), 2f64.powi(1023));
        assert_eq!(pow_ratio(2.0, 1.0, 1023.6), f64::INFINITY);
        assert_eq!(pow_ratio(1e300, 1e-300, 10.0), f64::INFINITY);
        assert_eq!(pow_ratio(1.0, 2.0, 1022.5), 0.0);
        assert_eq!(pow_ratio(1e-300, 1e300, 10.0), 0.0);
        assert!(pow_ratio(2.0, 1.0, f64::NAN).is_nan());
    }

    #[derive(Clone, Copy)]
    struct Sum;
    impl RowKernel for Sum {
        #[inline(always)]
        fn at(&self, a: f64, b: f64, c: f64) -> (f64, bool) {
            (pow_ratio(a, 1.5, b) + b * c, a > 0.0)
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn fill_rows_marks_invalid_rows_and_gives_the_scalar_bits() {
        let n = 300_001;
        let a: Vec<f64> = (0..n).map(|i| i as f64 * 0.5 - 2.0).collect();
        let b: Vec<f64> = (0..n).map(|i| (i % 7) as f64).collect();
        let mut out = vec![0.0; n];
        assert!(!fill_rows(&Sum, &a, &b, &b, &mut out));
        for i in 0..n {
            let (v, ok) = Sum.at(a[i], b[i], b[i]);
            if ok {
                assert_eq!(out[i].to_bits(), v.to_bits(), "{i}");
            } else {
                assert!(out[i].is_nan(), "{i}");
            }
        }
        assert!(fill_rows(&Sum, &a[5..], &b, &b, &mut out[..10]));
        // A shorter column limits the rows written; nothing panics.
        assert!(fill_rows(&Sum, &a[5..8], &b, &b, &mut out[..10]));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_instruction_set_gives_the_same_bits() {
        #[derive(Clone, Copy)]
        struct Mix;
        impl RowKernel for Mix {
            #[inline(always)]
            fn at(&self, a: f64, b: f64, c: f64) -> (f64, bool) {
                (pow_ratio(a + c, 1.0 + c, -b) / (1.0 + a) - pow_ratio(1.0 + c, a, b), a > 0.0)
            }
        }
        let n: usize = 10_007;
        let a: Vec<f64> = (0..n).map(|i| (i as f64 * 0.618_033_988_7).fract() * 50.0 - 1.0).collect();
        let b: Vec<f64> = (0..n).map(|i| (i % 13) as f64 * 1.7).collect();
        let c: Vec<f64> = (0..n).map(|i| 1e-12 * 1.01f64.powi((i % 4000) as i32)).collect();
        let runs = fill_rows_per_instruction_set(&Mix, &a, &b, &c);
        #[cfg(all(feature = "simd", target_arch = "x86_64"))]
        assert!(runs.len() > 1, "this x86-64 machine has neither AVX2 nor AVX-512");
        let (_, base, base_ok) = &runs[0];
        for (name, out, ok) in &runs[1..] {
            assert_eq!(ok, base_ok, "{name}");
            for i in 0..n {
                assert_eq!(out[i].to_bits(), base[i].to_bits(), "{name}, row {i}");
            }
        }
    }

    proptest! {
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn pow_ratio_matches_std(n in 1e-3..1e3f64, d in 1e-3..1e3f64, e in -50.0..50.0f64) {
            // std's powf of the rounded n/d: that rounding moves the result by up to |e| ulps.
            let (got, want) = (pow_ratio(n, d, e), (n / d).powf(e));
            let allowed = allowed_ulps(n, d, e) + 1 + e.abs() as u64;
            prop_assert!(ulps(got, want) <= allowed, "{got} {want}");
        }
    }
}
