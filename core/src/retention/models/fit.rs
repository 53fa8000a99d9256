//! Maximum-likelihood fitting shared by the models: L-BFGS with a Moré–Thuente line search
//! (argmin) over the logarithms of the parameters, exact gradients and Hessians by automatic
//! differentiation ([`crate::numerics::dual`]), Newton polishing, and standard errors from the observed
//! information.

use super::data::Patterns;
use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::dual::{Dual, Dual2, Real};
use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd, ArgminSignum,
    ArgminSub, ArgminZeroLike,
};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

pub use crate::retention::{FitOptions, FitReport};

/// A fitted model: the estimates, their standard errors and the report of the fit.
///
/// ```
/// use custometrics::retention::models::{BetaGeo, FitOptions};
/// let f = BetaGeo::fit(&[0.0, 2.0, 1.0, 5.0], &[0.0, 20.0, 3.0, 30.0], &[40.0, 38.0, 35.0, 31.0], None, &FitOptions::default())?;
/// assert!(f.model.r > 0.0 && f.std_errors.r > 0.0);
/// assert_eq!((f.n_customers, f.n_patterns), (4.0, 4));
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fit<P> {
    /// The maximum-(penalised-)likelihood estimates, with lifetimes' parameter names.
    pub model: P,
    /// Standard errors of the estimates (the square roots of the covariance diagonal; NaN
    /// where it is not available), with the same names.
    pub std_errors: P,
    /// Log-likelihood, iterations, convergence, covariance.
    pub report: FitReport,
    /// Customers (the sum of the weights).
    pub n_customers: f64,
    /// Distinct data patterns the likelihood was evaluated on.
    pub n_patterns: u64,
}

/// A model's total log-likelihood over patterns, generic in the number type.
pub(crate) trait Likelihood<const N: usize>: Sync {
    /// Σ wᵢ ln Lᵢ at `params` (natural parameters on the model's internal scale).
    fn log_likelihood<S: Real>(&self, data: &Patterns, params: [S; N]) -> S;
}

/// What the driver needs to know about a model beyond its likelihood.
pub(crate) struct Spec<const N: usize> {
    /// The model's name in errors.
    pub(crate) name: &'static str,
    /// Caller's parameter = internal parameter × `unscale[i]` (1/time scale for rates).
    pub(crate) unscale: [f64; N],
    /// λ in objective = −LL/W + λ Σ pᵢ² (internal parameters).
    pub(crate) penalty: f64,
    /// Caller's log-likelihood = internal + `ll_shift` (time rescaling of densities).
    pub(crate) ll_shift: f64,
}

/// The result before it is dressed in a model's parameter names.
pub(crate) struct RawFit<const N: usize> {
    pub(crate) params: [f64; N],
    pub(crate) std_errors: [f64; N],
    pub(crate) report: FitReport,
}

impl<const N: usize> RawFit<N> {
    /// The public result, with `make` naming the parameters.
    pub(crate) fn dress<P>(self, data: &Patterns, make: impl Fn([f64; N]) -> P) -> Fit<P> {
        Fit {
            model: make(self.params),
            std_errors: make(self.std_errors),
            report: self.report,
            n_customers: data.total_weight,
            n_patterns: data.len() as u64,
        }
    }
}

/// Validates the options for an `N`-parameter model.
pub(crate) fn check_options(options: &FitOptions, n: usize) -> Result<()> {
    input::check("penalizer", options.penalizer, options.penalizer >= 0.0, "the non-negative numbers")?;
    input::check("tolerance", options.tolerance, options.tolerance > 0.0, "the positive numbers")?;
    if options.max_iterations == 0 {
        return Err(Error::OutOfRange {
            at: Location::scalar("max_iterations"),
            value: 0.0,
            expected: "at least 1".into(),
        });
    }
    if let Some(init) = &options.initial {
        input::same_len("initial", init.len(), "the model's parameters", n)?;
        input::all_in("initial", init, f64::MIN_POSITIVE, f64::MAX, "the positive numbers")?;
    }
    Ok(())
}

/// The parameter vector argmin works on (log-parameters).
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

/// The objective over log-parameters θ: −LL(e^θ)/W + λ Σ e^(2θ), with value and gradient
/// computed together and cached (argmin asks for them separately).
struct Objective<'a, const N: usize, M> {
    model: &'a M,
    data: &'a Patterns,
    penalty: f64,
    cache: RefCell<Option<Cached<N>>>,
}

impl<'a, const N: usize, M: Likelihood<N>> Objective<'a, N, M> {
    fn new(model: &'a M, data: &'a Patterns, penalty: f64) -> Self {
        Self { model, data, penalty, cache: RefCell::new(None) }
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
        let d = objective(self.model, self.data, self.penalty, p);
        *self.cache.borrow_mut() = Some((*theta, d.v, d.g));
        (d.v, d.g)
    }

    fn value(&self, theta: &[f64; N]) -> f64 {
        objective(self.model, self.data, self.penalty, theta.map(f64::exp))
    }

    fn hessian(&self, theta: &[f64; N]) -> Dual2<N> {
        let mut p = [Dual2::<N>::cst(0.0); N];
        for (i, pi) in p.iter_mut().enumerate() {
            *pi = Dual2::var(theta[i], i).exp();
        }
        objective(self.model, self.data, self.penalty, p).symmetric()
    }
}

fn objective<const N: usize, M: Likelihood<N>, S: Real>(m: &M, data: &Patterns, penalty: f64, p: [S; N]) -> S {
    let mut pen = S::cst(0.0);
    for pi in p {
        pen += pi * pi;
    }
    -(m.log_likelihood(data, p) / data.total_weight) + pen * penalty
}

impl<const N: usize, M: Likelihood<N>> CostFunction for Objective<'_, N, M> {
    type Param = V<N>;
    type Output = f64;
    fn cost(&self, theta: &V<N>) -> std::result::Result<f64, argmin::core::Error> {
        let (v, _) = self.eval(&theta.0);
        if v.is_finite() { Ok(v) } else { Err(argmin::core::Error::msg("non-finite log-likelihood")) }
    }
}

impl<const N: usize, M: Likelihood<N>> Gradient for Objective<'_, N, M> {
    type Param = V<N>;
    type Gradient = V<N>;
    fn gradient(&self, theta: &V<N>) -> std::result::Result<V<N>, argmin::core::Error> {
        let (_, g) = self.eval(&theta.0);
        if g.iter().all(|x| x.is_finite()) { Ok(V(g)) } else { Err(argmin::core::Error::msg("non-finite gradient")) }
    }
}

fn norm<const N: usize>(g: &[f64; N]) -> f64 {
    g.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// L-BFGS from `theta0`; returns the best log-parameters, their iterations and whether the
/// solver stopped by its gradient or cost criterion.
fn lbfgs<const N: usize, M: Likelihood<N>>(
    obj: Objective<'_, N, M>,
    theta0: [f64; N],
    tolerance: f64,
    max_iterations: u64,
) -> std::result::Result<([f64; N], u64, bool), [f64; N]> {
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

/// Solves `h x = g` for a symmetric positive-definite `h` by Cholesky; `None` if it is not.
#[allow(clippy::needless_range_loop)] // matrix index notation reads as the textbook algorithm
fn cholesky_solve<const N: usize>(h: &[[f64; N]; N], g: &[f64; N]) -> Option<[f64; N]> {
    let mut l = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..=i {
            let mut s = h[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                if !(s > 0.0 && s.is_finite()) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    let mut y = [0.0; N];
    for i in 0..N {
        let mut s = g[i];
        for k in 0..i {
            s -= l[i][k] * y[k];
        }
        y[i] = s / l[i][i];
    }
    let mut x = [0.0; N];
    for i in (0..N).rev() {
        let mut s = y[i];
        for k in i + 1..N {
            s -= l[k][i] * x[k];
        }
        x[i] = s / l[i][i];
    }
    Some(x)
}

/// The inverse of a symmetric positive-definite matrix, or `None`.
#[allow(clippy::needless_range_loop)] // matrix index notation
fn spd_inverse<const N: usize>(h: &[[f64; N]; N]) -> Option<[[f64; N]; N]> {
    let mut inv = [[0.0; N]; N];
    for j in 0..N {
        let mut e = [0.0; N];
        e[j] = 1.0;
        let col = cholesky_solve(h, &e)?;
        for i in 0..N {
            inv[i][j] = col[i];
        }
    }
    Some(inv)
}

/// Patterns above which a subsample is fitted first for a warm start.
const WARM_START_ABOVE: usize = 60_000;

/// L-BFGS hands over to Newton once the gradient norm is below this.
const HAND_OVER: f64 = 1e-2;

/// Damped Newton steps with the exact Hessian from `theta` (at most `budget`), each step
/// backtracked until the objective falls (or, at the optimum where it moves by less than its
/// rounding, stays level while the gradient shrinks). Returns the last point with its value,
/// gradient and Hessian, and the steps taken; stops early when the Hessian is not positive
/// definite or no step helps.
fn newton<const N: usize, M: Likelihood<N>>(
    obj: &Objective<'_, N, M>,
    mut theta: [f64; N],
    tolerance: f64,
    budget: u64,
) -> ([f64; N], Dual2<N>, u64) {
    let mut h = obj.hessian(&theta);
    let mut steps = 0;
    while steps < budget && norm(&h.g) > tolerance && h.v.is_finite() {
        let Some(step) = cholesky_solve(&h.h, &h.g) else { break };
        // No parameter moves by more than a factor e per step: far from the optimum the
        // quadratic model can point at absurd values whose likelihood is costly to evaluate.
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

/// Fits a model: validates options, then L-BFGS (argmin, Moré–Thuente) until the gradient is
/// small, and Newton steps with the exact Hessian to the tolerance (quadratic convergence; a
/// Newton step costs about one L-BFGS evaluation because the likelihood's cost is in its
/// transcendental functions, not its derivatives). Large data are first fitted on a
/// deterministic subsample, which Newton then finishes on the full data. Returns the
/// observed-information covariance with the estimates.
pub(crate) fn fit<const N: usize, M: Likelihood<N>>(
    model: &M,
    data: &Patterns,
    spec: &Spec<N>,
    options: &FitOptions,
) -> Result<RawFit<N>> {
    check_options(options, N)?;
    let caller = |theta: &[f64; N]| -> Vec<f64> { theta.iter().zip(spec.unscale).map(|(t, u)| t.exp() * u).collect() };
    let did_not_converge = |iterations: u64, theta: &[f64; N]| Error::DidNotConverge {
        model: spec.name.to_owned(),
        iterations,
        last: caller(theta),
    };
    let mut theta = [0.0; N];
    if let Some(init) = &options.initial {
        for i in 0..N {
            theta[i] = (init[i] / spec.unscale[i]).ln();
        }
    }
    let tol = options.tolerance;
    let max = options.max_iterations;
    let obj = Objective::new(model, data, spec.penalty);
    let (mut quasi, mut newton_steps) = (0_u64, 0_u64);
    let mut warm = false;
    if data.len() > WARM_START_ABOVE {
        let sub = data.stride(data.len() / (WARM_START_ABOVE / 3));
        let sub_obj = Objective::new(model, &sub, spec.penalty);
        if let Ok((t, it, _)) = lbfgs(sub_obj, theta, HAND_OVER.max(tol), max) {
            let (t, _, steps) = newton(&Objective::new(model, &sub, spec.penalty), t, 1e-6, max);
            theta = t;
            quasi += it;
            newton_steps += steps;
            warm = true;
        }
    }
    if !warm && norm(&obj.eval(&theta).1) > HAND_OVER.max(tol) {
        let (t, it, _) = lbfgs(Objective::new(model, data, spec.penalty), theta, HAND_OVER.max(tol), max)
            .map_err(|t| did_not_converge(0, &t))?;
        theta = t;
        quasi += it;
    }
    let (t, mut h, steps) = newton(&obj, theta, tol, max.saturating_sub(quasi + newton_steps));
    theta = t;
    newton_steps += steps;
    if norm(&h.g) > tol && quasi + newton_steps < max {
        // Newton stalled (an indefinite Hessian far from the optimum): let L-BFGS go all the
        // way, then try Newton again.
        let done = quasi + newton_steps;
        let (t, it, _) = lbfgs(Objective::new(model, data, spec.penalty), theta, tol, max - done)
            .map_err(|t| did_not_converge(done, &t))?;
        quasi += it;
        let (t, h2, steps) = newton(&obj, t, tol, max.saturating_sub(quasi + newton_steps));
        theta = t;
        h = h2;
        newton_steps += steps;
    }
    let iterations = quasi + newton_steps;
    let gradient_norm = norm(&h.g);
    let converged = gradient_norm <= tol;
    let finite = h.v.is_finite() && !gradient_norm.is_nan();
    if !finite || (!converged && options.require_convergence) {
        return Err(did_not_converge(iterations, &theta));
    }
    let termination = if converged {
        format!(
            "converged: gradient norm {gradient_norm:.3e} <= tolerance {tol:e} after {quasi} L-BFGS and {newton_steps} Newton steps"
        )
    } else if iterations >= max {
        format!("stopped at max_iterations = {max} with gradient norm {gradient_norm:.3e}")
    } else {
        format!("stopped without progress at gradient norm {gradient_norm:.3e} (tolerance {tol:e})")
    };
    let params_int = theta.map(f64::exp);
    let mut params = [0.0; N];
    for i in 0..N {
        params[i] = params_int[i] * spec.unscale[i];
    }
    // Observed information of the total objective W·(mean objective) in log-parameters.
    let mut info = h.h;
    for row in &mut info {
        for v in row.iter_mut() {
            *v *= data.total_weight;
        }
    }
    let mut covariance = vec![f64::NAN; N * N];
    let mut std_errors = [f64::NAN; N];
    if let Some(c) = spd_inverse(&info) {
        for i in 0..N {
            for j in 0..N {
                covariance[i * N + j] = params[i] * params[j] * c[i][j];
            }
            std_errors[i] = covariance[i * N + i].sqrt();
        }
    }
    let ll_internal = model.log_likelihood(data, params_int);
    Ok(RawFit {
        params,
        std_errors,
        report: FitReport {
            log_likelihood: ll_internal + spec.ll_shift,
            objective: h.v,
            penalizer: options.penalizer,
            iterations,
            converged,
            gradient_norm,
            termination,
            covariance,
        },
    })
}
