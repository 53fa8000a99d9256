//! Minimising a smooth function of positive parameters over their logarithms (so that every
//! parameter stays positive): argmin's L-BFGS with a Moré–Thuente line search while the gradient
//! is large, then damped Newton steps with the exact Hessian by automatic differentiation
//! ([`super::dual`]), which converge quadratically and leave the Hessian at the optimum for
//! standard errors.

use super::dual::{Dual, Dual2, Real};
use super::linalg::cholesky_solve;
use crate::numerics::elementary as elem;
use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd, ArgminSignum,
    ArgminSub, ArgminZeroLike,
};
use std::cell::RefCell;

/// A smooth function of `N` positive parameters, written once and generic in the number type,
/// so that its gradient and Hessian come by automatic differentiation.
pub(crate) trait Objective<const N: usize> {
    /// The value at the (natural, positive) parameters `p`.
    fn at<S: Real>(&self, p: [S; N]) -> S;
}

/// The parameter vector argmin works on (log-parameters). A fixed-size array, so that
/// argmin-math's `vec` feature (which pulls in `rand` and `getrandom`, unbuildable on
/// wasm32-unknown-unknown) is not needed.
#[derive(Debug, Clone, Copy, PartialEq)]
struct V<const N: usize>([f64; N]);

impl<const N: usize> V<N> {
    fn map(&self, f: impl Fn(f64) -> f64) -> Self {
        V(self.0.map(f))
    }
    fn zip(&self, o: &Self, f: impl Fn(f64, f64) -> f64) -> Self {
        let mut out = self.0;
        for (a, b) in out.iter_mut().zip(o.0) {
            *a = f(*a, b);
        }
        V(out)
    }
}

impl<const N: usize> ArgminAdd<V<N>, V<N>> for V<N> {
    fn add(&self, o: &V<N>) -> V<N> {
        self.zip(o, |a, b| a + b)
    }
}
impl<const N: usize> ArgminAdd<f64, V<N>> for V<N> {
    fn add(&self, o: &f64) -> V<N> {
        self.map(|a| a + o)
    }
}
impl<const N: usize> ArgminSub<V<N>, V<N>> for V<N> {
    fn sub(&self, o: &V<N>) -> V<N> {
        self.zip(o, |a, b| a - b)
    }
}
impl<const N: usize> ArgminSub<f64, V<N>> for V<N> {
    fn sub(&self, o: &f64) -> V<N> {
        self.map(|a| a - o)
    }
}
impl<const N: usize> ArgminMul<f64, V<N>> for V<N> {
    fn mul(&self, o: &f64) -> V<N> {
        self.map(|a| a * o)
    }
}
impl<const N: usize> ArgminMul<V<N>, V<N>> for V<N> {
    fn mul(&self, o: &V<N>) -> V<N> {
        self.zip(o, |a, b| a * b)
    }
}
impl<const N: usize> ArgminDot<V<N>, f64> for V<N> {
    fn dot(&self, o: &V<N>) -> f64 {
        self.0.iter().zip(o.0).map(|(a, b)| a * b).sum()
    }
}
impl<const N: usize> ArgminScaledAdd<V<N>, f64, V<N>> for V<N> {
    fn scaled_add(&self, f: &f64, o: &V<N>) -> V<N> {
        self.zip(o, |a, b| a + f * b)
    }
}
impl<const N: usize> ArgminL1Norm<f64> for V<N> {
    fn l1_norm(&self) -> f64 {
        self.0.iter().map(|a| a.abs()).sum()
    }
}
impl<const N: usize> ArgminL2Norm<f64> for V<N> {
    fn l2_norm(&self) -> f64 {
        self.0.iter().map(|a| a * a).sum::<f64>().sqrt()
    }
}
impl<const N: usize> ArgminSignum for V<N> {
    fn signum(self) -> V<N> {
        self.map(f64::signum)
    }
}
impl<const N: usize> ArgminZeroLike for V<N> {
    fn zero_like(&self) -> V<N> {
        V([0.0; N])
    }
}
impl<const N: usize> ArgminMinMax for V<N> {
    fn min(x: &Self, y: &Self) -> Self {
        x.zip(y, f64::min)
    }
    fn max(x: &Self, y: &Self) -> Self {
        x.zip(y, f64::max)
    }
}

/// The last point evaluated: (θ, value, gradient).
type Cached<const N: usize> = ([f64; N], f64, [f64; N]);

/// An [`Objective`] seen over log-parameters θ (p = e^θ), with value and gradient computed
/// together and cached (argmin asks for them separately).
struct LogScale<'a, const N: usize, F> {
    f: &'a F,
    cache: RefCell<Option<Cached<N>>>,
}

impl<'a, const N: usize, F: Objective<N>> LogScale<'a, N, F> {
    fn new(f: &'a F) -> Self {
        Self { f, cache: RefCell::new(None) }
    }

    fn eval(&self, theta: &[f64; N]) -> (f64, [f64; N]) {
        if let Some((t, v, g)) = *self.cache.borrow()
            && t == *theta
        {
            return (v, g);
        }
        let mut p = [Dual::<N>::cst(0.0); N];
        for (i, pi) in p.iter_mut().enumerate() {
            *pi = Dual::var(theta[i], i).exp();
        }
        let d = self.f.at(p);
        *self.cache.borrow_mut() = Some((*theta, d.v, d.g));
        (d.v, d.g)
    }

    fn value(&self, theta: &[f64; N]) -> f64 {
        self.f.at(theta.map(elem::exp))
    }

    fn hessian(&self, theta: &[f64; N]) -> Dual2<N> {
        let mut p = [Dual2::<N>::cst(0.0); N];
        for (i, pi) in p.iter_mut().enumerate() {
            *pi = Dual2::var(theta[i], i).exp();
        }
        self.f.at(p).symmetric()
    }
}

/// What L-BFGS sees of a [`LogScale`]: its value-and-gradient as a `dyn Fn`, so that argmin's
/// solver, line search and executor are compiled once (at [`WIDTH`]) rather than once per
/// model (in the WebAssembly build that is most of argmin's share of the download).
struct Erased<'a, const N: usize>(&'a dyn Fn(&[f64; N]) -> ValueGradient<N>);

/// An objective's value and gradient at one point.
type ValueGradient<const N: usize> = (f64, [f64; N]);

impl<const N: usize> CostFunction for Erased<'_, N> {
    type Param = V<N>;
    type Output = f64;
    fn cost(&self, theta: &V<N>) -> std::result::Result<f64, argmin::core::Error> {
        let (v, _) = (self.0)(&theta.0);
        if v.is_finite() { Ok(v) } else { Err(argmin::core::Error::msg("non-finite objective")) }
    }
}

impl<const N: usize> Gradient for Erased<'_, N> {
    type Param = V<N>;
    type Gradient = V<N>;
    fn gradient(&self, theta: &V<N>) -> std::result::Result<V<N>, argmin::core::Error> {
        let (_, g) = (self.0)(&theta.0);
        if g.iter().all(|x| x.is_finite()) { Ok(V(g)) } else { Err(argmin::core::Error::msg("non-finite gradient")) }
    }
}

/// The Euclidean norm.
pub(crate) fn norm<const N: usize>(g: &[f64; N]) -> f64 {
    g.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The parameter count every L-BFGS run works in: the models' `N` parameters padded with zeros,
/// so that argmin's solver, line search and executor are compiled once rather than once per
/// parameter count (in the WebAssembly build, 2 × 13 KB of the download). The padding changes
/// no bit: its gradient is 0, so every search direction is 0 there and the padding stays 0, and
/// it adds only exact zeros to the dot products and norms (the L1 terms that would read its
/// sign are off: no `with_l1_regularization`).
const WIDTH: usize = 4;

/// L-BFGS from `theta0`; returns the best log-parameters, their iterations and whether the
/// solver stopped by its gradient or cost criterion.
fn lbfgs<const N: usize, F: Objective<N>>(
    obj: LogScale<'_, N, F>,
    theta0: [f64; N],
    tolerance: f64,
    max_iterations: u64,
) -> std::result::Result<([f64; N], u64, bool), [f64; N]> {
    const { assert!(N <= WIDTH, "more parameters than the L-BFGS width") };
    let pad = |t: [f64; N]| std::array::from_fn(|i| if i < N { t[i] } else { 0.0 });
    let cut = |w: [f64; WIDTH]| -> [f64; N] { std::array::from_fn(|i| w[i]) };
    let objective = |w: &[f64; WIDTH]| {
        let (v, g) = obj.eval(&cut(*w));
        (v, pad(g))
    };
    lbfgs_erased(Erased(&objective), pad(theta0), tolerance, max_iterations)
        .map(|(w, iterations, solved)| (cut(w), iterations, solved))
        .map_err(cut)
}

/// [`lbfgs`] on the erased, padded objective: the one body argmin's generics are instantiated
/// for.
fn lbfgs_erased(
    obj: Erased<'_, WIDTH>,
    theta0: [f64; WIDTH],
    tolerance: f64,
    max_iterations: u64,
) -> std::result::Result<([f64; WIDTH], u64, bool), [f64; WIDTH]> {
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(tolerance)
        .and_then(|s| s.with_tolerance_cost(0.0))
        .map_err(|_| theta0)?;
    let run = Executor::new(obj, solver)
        .configure(|state| state.param(V(theta0)).max_iters(max_iterations))
        .timer(false)
        .run();
    match run {
        Ok(res) => {
            let state = res.state();
            let best = state.get_best_param().or(state.get_param()).map_or(theta0, |p| p.0);
            let solved = matches!(state.get_termination_reason(), Some(TerminationReason::SolverConverged));
            Ok((best, state.get_iter(), solved))
        }
        Err(_) => Err(theta0),
    }
}

/// L-BFGS hands over to Newton once the gradient norm is below this.
const HAND_OVER: f64 = 1e-2;

/// Damped Newton steps with the exact Hessian from `theta` (at most `budget`), each step
/// backtracked until the objective falls (or, at the optimum where it moves by less than its
/// rounding, stays level while the gradient shrinks). Returns the last point with its value,
/// gradient and Hessian, and the steps taken; stops early when the Hessian is not positive
/// definite or no step helps.
fn newton<const N: usize, F: Objective<N>>(
    obj: &LogScale<'_, N, F>,
    mut theta: [f64; N],
    tolerance: f64,
    budget: u64,
) -> ([f64; N], Dual2<N>, u64) {
    let mut h = obj.hessian(&theta);
    let mut steps = 0;
    while steps < budget && norm(&h.g) > tolerance && h.v.is_finite() {
        let Some(step) = cholesky_solve(&h.h, &h.g) else { break };
        // No parameter moves by more than a factor e per step: far from the optimum the
        // quadratic model can point at absurd values whose objective is costly to evaluate.
        let longest = step.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
        let mut scale = if longest > 1.0 { 1.0 / longest } else { 1.0 };
        let mut next = None;
        for _ in 0..30 {
            let mut trial = theta;
            for i in 0..N {
                trial[i] -= scale * step[i];
            }
            // A full step is usually taken: evaluate everything there at once. A shortened one
            // is tried by its value alone first (cheaper), the derivatives only if it is taken.
            let full = scale == 1.0;
            let v = if full { f64::NAN } else { obj.value(&trial) };
            if full || (v.is_finite() && v <= h.v + 1e-13 * h.v.abs()) {
                let t = obj.hessian(&trial);
                let level = t.v <= h.v + 1e-13 * h.v.abs();
                if t.v.is_finite() && (t.v < h.v || (level && norm(&t.g) < norm(&h.g))) {
                    next = Some((trial, t));
                    break;
                }
            }
            scale *= 0.5;
        }
        let Some((trial, t)) = next else { break };
        theta = trial;
        h = t;
        steps += 1;
    }
    (theta, h, steps)
}

/// Where [`minimize`] stopped.
pub(crate) struct Minimum<const N: usize> {
    /// The log-parameters.
    pub(crate) theta: [f64; N],
    /// The objective's value, gradient and Hessian (in log-parameters) there.
    pub(crate) at: Dual2<N>,
    /// L-BFGS iterations done.
    pub(crate) quasi_newton: u64,
    /// Newton steps done.
    pub(crate) newton: u64,
}

/// Minimises `f` over log-parameters from `theta`: L-BFGS until the gradient is small, then
/// Newton steps with the exact Hessian to `tolerance` (quadratic convergence; a Newton step
/// costs about one L-BFGS evaluation when the objective's cost is in its transcendental
/// functions, not its derivatives), at most `max_iterations` in all. `warm`, the same objective
/// on a subsample of large data, is minimised first for a start that Newton then finishes on
/// `f`. Newton stalls where the Hessian is indefinite far from the optimum: then L-BFGS goes
/// all the way and Newton tries again.
///
/// # Errors
/// The L-BFGS run that failed (an objective not finite everywhere it looked): the iterations
/// done before it and the log-parameters it started from.
pub(crate) fn minimize<const N: usize, F: Objective<N>>(
    f: &F,
    warm: Option<&F>,
    mut theta: [f64; N],
    tolerance: f64,
    max_iterations: u64,
) -> std::result::Result<Minimum<N>, (u64, [f64; N])> {
    let (tol, max) = (tolerance, max_iterations);
    let obj = LogScale::new(f);
    let (mut quasi, mut newton_steps) = (0_u64, 0_u64);
    let mut warmed = false;
    if let Some(sub) = warm
        && let Ok((t, it, _)) = lbfgs(LogScale::new(sub), theta, HAND_OVER.max(tol), max)
    {
        let (t, _, steps) = newton(&LogScale::new(sub), t, 1e-6, max);
        theta = t;
        quasi += it;
        newton_steps += steps;
        warmed = true;
    }
    if !warmed && norm(&obj.eval(&theta).1) > HAND_OVER.max(tol) {
        let (t, it, _) = lbfgs(LogScale::new(f), theta, HAND_OVER.max(tol), max).map_err(|t| (0, t))?;
        theta = t;
        quasi += it;
    }
    let (t, mut h, steps) = newton(&obj, theta, tol, max.saturating_sub(quasi + newton_steps));
    theta = t;
    newton_steps += steps;
    if norm(&h.g) > tol && quasi + newton_steps < max {
        let done = quasi + newton_steps;
        let (t, it, _) = lbfgs(LogScale::new(f), theta, tol, max - done).map_err(|t| (done, t))?;
        quasi += it;
        let (t, h2, steps) = newton(&obj, t, tol, max.saturating_sub(quasi + newton_steps));
        theta = t;
        h = h2;
        newton_steps += steps;
    }
    Ok(Minimum { theta, at: h, quasi_newton: quasi, newton: newton_steps })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
// Tests compare with the platform's maths or build inputs with it.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    /// Σ (pᵢ − cᵢ)² / 2, minimum at c.
    struct Quadratic([f64; 3]);
    impl Objective<3> for Quadratic {
        fn at<S: Real>(&self, p: [S; 3]) -> S {
            let mut s = S::cst(0.0);
            for (pi, c) in p.into_iter().zip(self.0) {
                s += (pi - c) * (pi - c) * 0.5;
            }
            s
        }
    }

    #[test]
    fn finds_the_minimum() {
        let q = Quadratic([2.0, 0.5, 7.0]);
        let m = minimize(&q, None, [0.0; 3], 1e-12, 100).unwrap();
        for (t, c) in m.theta.iter().zip(q.0) {
            assert!((t.exp() - c).abs() < 1e-10, "{} vs {c}", t.exp());
        }
        assert!(norm(&m.at.g) <= 1e-12 && m.newton > 0);
    }
}
