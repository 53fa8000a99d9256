//! Elementary functions that the compiler can vectorise, and row kernels run with the widest
//! SIMD instructions the CPU offers.
//!
//! `f64::ln` and `f64::exp` call the platform's libm one value at a time, so a loop over ten
//! million customers that needs a logarithm and an exponential per row is bound by those calls,
//! not by memory. The functions here are plain `f64` and integer arithmetic without branches:
//! in a loop the compiler turns them into SIMD code. [`fill_rows`] compiles its loop for AVX-512,
//! AVX2 + FMA and baseline x86-64 alike and picks one at run time through `pulp`'s safe dispatch
//! (the crate keeps the `unsafe` of `#[target_feature]` to itself, so the core stays
//! `#![forbid(unsafe_code)]`).
//!
//! Rust never contracts `a * b + c` into a fused multiply-add, and SIMD addition, multiplication
//! and division round as their scalar forms do, so every instruction set — and WebAssembly — gets
//! the same bits.
//!
//! Hand-written because no crate fills this role: `libm` is scalar code with branches that does
//! not vectorise, `sleef` needs nightly `portable_simd`, and `wide` fixes its instruction set at
//! compile time, so a portable wheel would get SSE2 only.

use pulp::{Arch, Simd, WithSimd};

/// ln 2 split in two (Cody & Waite): `LN2_HI` has trailing zero bits, so k · `LN2_HI` is exact
/// for the exponents k of an `f64`. The values are those of Sun's fdlibm.
const LN2_HI: f64 = 0.693_147_180_369_123_8;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// 1.5 · 2⁵²: adding it to a number of magnitude below 2⁵¹ rounds to an integer and leaves that
/// integer in the low bits of the sum.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;
/// 2⁵⁴, to lift a subnormal into the normal range.
const TWO_54: f64 = 18_014_398_509_481_984.0;

/// The natural logarithm of a positive finite `w`, within one ulp of a correctly rounded result
/// (tested against `f64::ln`). Other inputs give unspecified values; callers mask them.
///
/// The reduction and the minimax coefficients Lg1–Lg7 are those of fdlibm's `e_log.c` (Sun
/// Microsystems, 1993): w = 2ᵏ m with m in [√2/2, √2), f = m − 1, s = f/(2 + f), and
/// ln(1 + f) = f − f²/2 + s (f²/2 + R(s²)).
#[inline(always)]
pub(crate) fn ln(w: f64) -> f64 {
    let subnormal = w < f64::MIN_POSITIVE;
    let w = if subnormal { w * TWO_54 } else { w };
    // Adding 1 − √2/2 to the significand (through the bits) carries into the exponent exactly
    // when m >= √2, which picks k and m in one step.
    const SQRT_HALF_BITS: u64 = 0x3fe6_a09e_667f_3bcd;
    let bits = w.to_bits().wrapping_add(0x3ff0_0000_0000_0000 - SQRT_HALF_BITS);
    // The biased exponent as a float without an integer conversion (which AVX2 lacks).
    let biased = f64::from_bits(0x4330_0000_0000_0000 | (bits >> 52)) - 4_503_599_627_370_496.0;
    let k = biased - 1023.0 - if subnormal { 54.0 } else { 0.0 };
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff).wrapping_add(SQRT_HALF_BITS));
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    // R(z) = Lg1 z + … + Lg7 z⁷ in its odd and even halves (as fdlibm does), two short
    // dependency chains instead of one long one.
    let w = z * z;
    let odd = z
        * (0.666_666_666_666_673_5
            + w * (0.285_714_287_436_623_9 + w * (0.181_835_721_616_180_5 + w * 0.147_981_986_051_165_86)));
    let even = w * (0.399_999_999_994_094_2 + w * (0.222_221_984_321_497_84 + w * 0.153_138_376_992_093_73));
    let r = odd + even;
    let half_f2 = 0.5 * f * f;
    k * LN2_HI - ((half_f2 - (s * (half_f2 + r) + k * LN2_LO)) - f)
}

/// eˣ, within one ulp of a correctly rounded result over the normal range (tested against
/// `f64::exp`); 0 below x = −745.2, infinity above x = 709.8, NaN for NaN.
///
/// x = k ln 2 + r with |r| <= ln 2 / 2 (Cody & Waite's two-part ln 2), eʳ − 1 by its Taylor
/// series to degree 13 (the remainder is below 2⁻⁵⁷ of the sum), then 2ᵏ built in the exponent
/// bits — in two steps when |k| > 1000, so that 2ᵏ itself neither overflows nor goes subnormal.
#[inline(always)]
pub(crate) fn exp(x: f64) -> f64 {
    let x = x.clamp(-746.0, 710.0); // NaN stays NaN
    let shifted = x * std::f64::consts::LOG2_E + ROUND_SHIFT;
    let k = shifted - ROUND_SHIFT;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Σ r^j/(j+2)! for j = 0..11 by Estrin's scheme: pairs, then pairs of pairs. Its dependency
    // chain is four multiply-adds long where Horner's rule is twelve, and the loops that call
    // this are bound by that latency, not by the number of operations.
    let r2 = r * r;
    let r4 = r2 * r2;
    let q0 = 1.0 / 2.0 + r * (1.0 / 6.0);
    let q1 = 1.0 / 24.0 + r * (1.0 / 120.0);
    let q2 = 1.0 / 720.0 + r * (1.0 / 5_040.0);
    let q3 = 1.0 / 40_320.0 + r * (1.0 / 362_880.0);
    let q4 = 1.0 / 3_628_800.0 + r * (1.0 / 39_916_800.0);
    let q5 = 1.0 / 479_001_600.0 + r * (1.0 / 6_227_020_800.0);
    let p = (q0 + r2 * q1) + r4 * ((q2 + r2 * q3) + r4 * (q4 + r2 * q5));
    let exp_r = 1.0 + (r + r2 * p);
    // k sits in the low bits of `shifted` (two's complement); 2ᵏ has k + 1023 as its exponent.
    // For k < −1000 scale by 2^(k+200) first and by 2⁻²⁰⁰ after; for k > 1000 by 2^(k−200)
    // and 2²⁰⁰.
    let (low, high) = (k < -1000.0, k > 1000.0);
    let shift: u64 = if low {
        200
    } else if high {
        200u64.wrapping_neg()
    } else {
        0
    };
    let scaled = exp_r * f64::from_bits(shifted.to_bits().wrapping_add(shift).wrapping_add(1023) << 52);
    if low {
        scaled * f64::from_bits((1023 - 200) << 52)
    } else if high {
        scaled * f64::from_bits((1023 + 200) << 52)
    } else {
        scaled
    }
}

/// ln(1 + u) for u >= 0: the logarithm of the rounded w = 1 + u, corrected by (u − (w − 1))/w
/// for what the rounding lost (Goldberg's device).
#[inline(always)]
pub(crate) fn ln_1p(u: f64) -> f64 {
    let w = 1.0 + u;
    ln(w) + (u - (w - 1.0)) / w
}

/// One row's computation over three columns: its value, and whether the row was valid.
///
/// Implementations mark `at` `#[inline(always)]` and keep it free of branches and calls to
/// libm, so that [`fill_rows`] vectorises it.
pub(crate) trait RowKernel: Copy + Sync {
    fn at(&self, a: f64, b: f64, c: f64) -> (f64, bool);
}

/// Rows per task on the thread pool.
const TASK_ROWS: usize = crate::par::CHUNK * 4;

/// `out[i]` = `kernel.at(a[i], b[i], c[i])` for every row (NaN where the row is invalid), with
/// the widest SIMD instructions this CPU has and on all cores with the `parallel` feature;
/// whether every row was valid. Rows beyond the shortest slice are left alone.
pub(crate) fn fill_rows<K: RowKernel>(kernel: &K, a: &[f64], b: &[f64], c: &[f64], out: &mut [f64]) -> bool {
    let n = out.len().min(a.len()).min(b.len()).min(c.len());
    crate::par::all_blocks_mut(&mut out[..n], TASK_ROWS, |start, out| {
        let end = start + out.len();
        Arch::new().dispatch(Rows { kernel, a: &a[start..end], b: &b[start..end], c: &c[start..end], out })
    })
}

/// The loop of [`fill_rows`] over one chunk, as a `pulp` operation so that it is compiled once
/// per instruction set.
struct Rows<'a, K> {
    kernel: &'a K,
    a: &'a [f64],
    b: &'a [f64],
    c: &'a [f64],
    out: &'a mut [f64],
}

impl<K: RowKernel> WithSimd for Rows<'_, K> {
    type Output = bool;

    #[inline(always)]
    fn with_simd<S: Simd>(self, _simd: S) -> bool {
        let n = self.out.len();
        let (a, b, c) = (&self.a[..n], &self.b[..n], &self.c[..n]);
        // A copy in locals: the compiler keeps its fields in registers, where through the
        // reference it would reload them for every vector of rows (a third slower).
        let kernel = *self.kernel;
        let mut all = true;
        for (i, o) in self.out.iter_mut().enumerate() {
            let (v, ok) = kernel.at(a[i], b[i], c[i]);
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
    let run = |f: &dyn Fn(Rows<'_, K>) -> bool| {
        let mut out = vec![0.0; n];
        let ok = f(Rows { kernel, a: &a[..n], b: &b[..n], c: &c[..n], out: &mut out });
        (out, ok)
    };
    let mut results = Vec::new();
    let (out, ok) = run(&|rows| Simd::vectorize(pulp::Scalar::new(), rows));
    results.push(("baseline", out, ok));
    #[cfg(target_arch = "x86_64")]
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    // The functions must give the same bits in WASM: these tests run there too.
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_node_experimental);

    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn ln_is_within_an_ulp_of_std_across_the_range() {
        let mut worst = 0;
        for e in -1074..1024 {
            for frac in [1.0, 1.1, 1.25, std::f64::consts::SQRT_2, 1.5, 1.75, 1.999_999_999] {
                let w = frac * 2f64.powi(e);
                if w > 0.0 && w.is_finite() {
                    worst = worst.max(ulps(ln(w), w.ln()));
                }
            }
        }
        assert!(worst <= 1, "{worst} ulps");
        assert_eq!(ln(1.0), 0.0);
        assert!(ln(f64::MIN_POSITIVE / 4.0) < -709.0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn exp_is_within_an_ulp_of_std_and_saturates() {
        let mut worst = 0;
        for i in -200_000..200_000 {
            let x = i as f64 * 0.003_541;
            if x.abs() < 708.0 {
                worst = worst.max(ulps(exp(x), x.exp()));
            }
        }
        assert!(worst <= 1, "{worst} ulps");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-745.2), 0.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(709.9), f64::INFINITY);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        // Results next to the limits keep their magnitude: subnormal ones, and the largest
        // finite ones, whose 2ᵏ alone would overflow.
        for x in [-740.0, -709.5, 709.0, 709.7] {
            let got = exp(x);
            assert!((got / x.exp() - 1.0).abs() < 1e-9, "{x}: {got}");
        }
    }

    #[derive(Clone, Copy)]
    struct Sum;
    impl RowKernel for Sum {
        #[inline(always)]
        fn at(&self, a: f64, b: f64, c: f64) -> (f64, bool) {
            (ln(a) + b * c, a > 0.0)
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
    fn ln_1p_is_as_accurate_as_std() {
        let mut s = 0x9e37_79b9_7f4a_7c15_u64;
        let mut worst = 0;
        for i in 0..1_000_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let v = (s >> 11) as f64 / (1u64 << 53) as f64;
            let u = if i % 2 == 0 { 10f64.powf(-30.0 + 330.0 * v) } else { 4.0 * v };
            let (got, want) = (ln_1p(u), u.ln_1p());
            worst = worst.max((got.to_bits() as i64 - want.to_bits() as i64).unsigned_abs());
        }
        assert!(worst <= 1, "{worst} ulp");
        assert_eq!(ln_1p(0.0), 0.0);
        assert_eq!(ln_1p(1e-300), 1e-300);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_instruction_set_gives_the_same_bits() {
        #[derive(Clone, Copy)]
        struct Mix;
        impl RowKernel for Mix {
            #[inline(always)]
            fn at(&self, a: f64, b: f64, c: f64) -> (f64, bool) {
                (exp(-a * b) + ln_1p(c) / (1.0 + a) - ln(a + c), a > 0.0)
            }
        }
        let n: usize = 10_007;
        let a: Vec<f64> = (0..n).map(|i| (i as f64 * 0.618_033_988_7).fract() * 50.0 - 1.0).collect();
        let b: Vec<f64> = (0..n).map(|i| (i % 13) as f64 * 1.7).collect();
        let c: Vec<f64> = (0..n).map(|i| 1e-12 * 1.01f64.powi((i % 4000) as i32)).collect();
        let runs = fill_rows_per_instruction_set(&Mix, &a, &b, &c);
        #[cfg(target_arch = "x86_64")]
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
        fn exp_matches_std(x in -708.0..709.0f64) {
            prop_assert!(ulps(exp(x), x.exp()) <= 1);
        }
    }
}
