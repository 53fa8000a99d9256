//! The numerical machinery behind the domains, private to the crate, one idea per file:
//!
//! - [`elementary`]: exp, ln, pow … from the pure-Rust `libm`, the same bits on every target (the
//!   only place the core calls them; `clippy.toml` refuses `f64::exp` and the like elsewhere);
//! - [`parallel`]: chunked loops over slices, on all cores with the `parallel` feature and with
//!   the same bits on one;
//! - [`stats`]: small statistics (normal quantiles, means, correlation);
//! - [`order_stats`]: order statistics and top-share crossings without a full sort (uses
//!   `parallel`);
//! - [`vmath`]: vectorised elementary functions and the SIMD row kernels' dispatch (uses
//!   `parallel`);
//! - [`dual`]: dual numbers (forward-mode automatic differentiation) for values, gradients and
//!   Hessians from one generic formula;
//! - [`special`]: special functions (hypergeometric ₂F₁, gamma ratios, compensated sums,
//!   quadrature; uses `dual`);
//! - [`sort`]: indices sorted by a key (one copy of the sort for every caller);
//! - [`linalg`]: small symmetric positive-definite solves and inverses;
//! - [`optimize`]: minimisation over log-parameters, L-BFGS then Newton with exact Hessians
//!   (uses `dual` and `linalg`).

pub(crate) mod dual;
pub(crate) mod elementary;
pub(crate) mod linalg;
pub(crate) mod optimize;
pub(crate) mod order_stats;
pub(crate) mod parallel;
pub(crate) mod sort;
pub(crate) mod special;
pub(crate) mod stats;
pub(crate) mod vmath;
