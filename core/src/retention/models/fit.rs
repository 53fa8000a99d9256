//! Maximum-likelihood fitting shared by the models: L-BFGS with a Moré–Thuente line search
//! (argmin) over the logarithms of the parameters, exact gradients and Hessians by automatic
//! differentiation ([`super::ad`]), Newton polishing, and standard errors from the observed
//! information.

use super::ad::{Dual, Dual2, Real};
use super::data::Patterns;
use crate::error::{Error, Location, Result};
use crate::input;
use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd, ArgminSignum,
    ArgminSub, ArgminZeroLike,
};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// How to fit a model.
///
/// ```
/// use custometrics::retention::models::FitOptions;
/// let o = FitOptions { penalizer: 0.001, ..FitOptions::default() };
/// assert_eq!(o.max_iterations, 1000);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// lifetimes' `penalizer_coef`: an L2 penalty on the parameters, added to the objective as
    /// lifetimes does for each model (see each model's `fit`). Default 0 (plain maximum
    /// likelihood).
    pub penalizer: f64,
    /// The fit has converged when the gradient of the mean negative log-likelihood with respect
    /// to the log-parameters has a Euclidean norm below this. Default 1e-9.
    pub tolerance: f64,
    /// Most L-BFGS iterations. Default 1000.
    pub max_iterations: u64,
    /// Starting parameters in the model's order and the caller's time unit (lifetimes'
    /// `initial_params`, but natural rather than logarithms). Default: every parameter 1 on
    /// lifetimes' rescaled time axis.
    pub initial: Option<Vec<f64>>,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self { penalizer: 0.0, tolerance: 1e-9, max_iterations: 1000, initial: None }
    }
}

/// A fitted model: the parameters and how well they are known.
///
/// ```
/// use custometrics::retention::models::{BetaGeo, FitOptions};
/// let f = BetaGeo::fit(&[0.0, 2.0, 1.0, 5.0], &[0.0, 20.0, 3.0, 30.0], &[40.0, 38.0, 35.0, 31.0], None, &FitOptions::default())?;
/// assert!(f.log_likelihood < 0.0 && f.converged);
/// assert!(f.std_errors.r > 0.0);
/// # Ok::<(), custometrics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fit<P> {
    /// The maximum-(penalised-)likelihood estimates, named as in lifetimes.
    pub params: P,
    /// Standard errors of the estimates from the observed information: the inverse Hessian of
    /// the total negative log-likelihood (plus the penalty, scaled as in lifetimes) at the
    /// optimum, taken over log-parameters and carried to the parameters by the delta method.
    /// NaN where that Hessian is not positive definite.
    pub std_errors: P,
    /// The covariance matrix of the estimates, rows and columns in the parameters' order.
    pub covariance: Vec<Vec<f64>>,
    /// The total log-likelihood Σ wᵢ ln Lᵢ at the estimates, without the penalty, in the
    /// caller's time unit (the figure papers report; lifetimes reports a mean instead).
    pub log_likelihood: f64,
    /// Optimiser iterations (L-BFGS and Newton steps).
    pub iterations: u64,
    /// Whether the gradient criterion ([`FitOptions::tolerance`]) was met. A fit that stopped
    /// without progress slightly above it (gradient norm below 1e-5) is returned with `false`;
    /// anything worse is [`Error::DidNotConverge`].
    pub converged: bool,
    /// The norm of the gradient of the mean objective at the estimates.
    pub gradient_norm: f64,
    /// Customers (the sum of the weights).
    pub n_customers: f64,
    /// Distinct data patterns the likelihood was evaluated on.
    pub n_patterns: u64,
    /// The penalizer used.
    pub penalizer: f64,
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
    pub(crate) covariance: Vec<Vec<f64>>,
    pub(crate) log_likelihood: f64,
    pub(crate) iterations: u64,
    pub(crate) converged: bool,
    pub(crate) gradient_norm: f64,
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

/// The objective over log-parameters θ: −LL(e^θ)/W + λ Σ e^(2θ), with value and gradient
/// computed together and cached (argmin asks for them separately).
struct Objective<'a, const N: usize, M> {
    model: &'a M,
    data: &'a Patterns,
    penalty: f64,
    cache: RefCell<Option<([f64; N], f64, [f64; N])>>,
}

impl<'a, const N: usize, M: Likelihood<N>> Objective<'a, N, M> {
    fn new(model: &'a M, data: &'a Patterns, penalty: f64) -> Self {
        Self { model, data, penalty, cache: RefCell::new(None) }
    }

    fn eval(&self, theta: &[f64; N]) -> (f64, [f64; N]) {
        if let Some((t, v, g)) = *self.cache.borrow() {
            if t == *theta {
                return (v, g);
            }
        }
        let mut p = [Dual::<N>::cst(0.0); N];
        for (i, pi) in p.iter_mut().enumerate() {
            *pi = Dual::var(theta[i], i).exp();
        }
        let d = objective(self.model, self.data, self.penalty, p);
        *self.cache.borrow_mut() = Some((*theta, d.v, d.g));
        (d.v, d.g)
    }

    fn hessian(&self, theta: &[f64; N]) -> Dual2<N> {
        let mut p = [Dual2::<N>::cst(0.0); N];
        for (i, pi) in p.iter_mut().enumerate() {
            *pi = Dual2::var(theta[i], i).exp();
        }
        objective(self.model, self.data, self.penalty, p)
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
        if g.iter().all(|x| x.is_finite()) {
            Ok(V(g))
        } else {
            Err(argmin::core::Error::msg("non-finite gradient"))
        }
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

/// Fits a model: validates options, runs L-BFGS (after a warm start on a subsample for large
/// data), polishes with Newton steps, and computes the observed-information covariance.
pub(crate) fn fit<const N: usize, M: Likelihood<N>>(
    model: &M,
    data: &Patterns,
    spec: &Spec<N>,
    options: &FitOptions,
) -> Result<RawFit<N>> {
    check_options(options, N)?;
    let caller = |theta: &[f64; N]| -> Vec<f64> { theta.iter().zip(spec.unscale).map(|(t, u)| t.exp() * u).collect() };
    let mut theta = [0.0; N];
    if let Some(init) = &options.initial {
        for i in 0..N {
            theta[i] = (init[i] / spec.unscale[i]).ln();
        }
    }
    let did_not_converge = |iterations: u64, theta: &[f64; N]| Error::DidNotConverge {
        model: spec.name.to_owned(),
        iterations,
        last: caller(theta),
    };
    let mut iterations = 0;
    if data.len() > WARM_START_ABOVE {
        let sub = data.stride(data.len() / (WARM_START_ABOVE / 3));
        if let Ok((t, it, _)) = lbfgs(Objective::new(model, &sub, spec.penalty), theta, 1e-6, options.max_iterations) {
            theta = t;
            iterations += it;
        }
    }
    let (mut theta, it, _) =
        lbfgs(Objective::new(model, data, spec.penalty), theta, options.tolerance, options.max_iterations).map_err(|t| did_not_converge(0, &t))?;
    iterations += it;
    let obj = Objective::new(model, data, spec.penalty);
    // Newton polishing with the exact Hessian: quadratic convergence from where L-BFGS stopped.
    let mut h = obj.hessian(&theta);
    for _ in 0..20 {
        if norm(&h.g) <= options.tolerance || !h.v.is_finite() || iterations >= options.max_iterations {
            break;
        }
        let Some(step) = cholesky_solve(&h.h, &h.g) else { break };
        let mut scale = 1.0;
        let mut moved = false;
        for _ in 0..30 {
            let mut trial = theta;
            for i in 0..N {
                trial[i] -= scale * step[i];
            }
            let (v, g) = obj.eval(&trial);
            // Near the optimum the objective changes by less than its rounding noise; a step
            // that keeps it level and shrinks the gradient is progress too.
            let level = v <= h.v + 1e-13 * h.v.abs();
            if v.is_finite() && (v < h.v || (level && norm(&g) < norm(&h.g))) {
                theta = trial;
                moved = true;
                break;
            }
            scale *= 0.5;
        }
        if !moved {
            break;
        }
        iterations += 1;
        h = obj.hessian(&theta);
    }
    let gradient_norm = norm(&h.g);
    let converged = gradient_norm <= options.tolerance;
    if !h.v.is_finite() || !(gradient_norm <= 1e-5) || (!converged && iterations >= options.max_iterations) {
        return Err(did_not_converge(iterations, &theta));
    }
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
    let cov_log = spd_inverse(&info);
    let mut covariance = vec![vec![f64::NAN; N]; N];
    let mut std_errors = [f64::NAN; N];
    if let Some(c) = cov_log {
        for i in 0..N {
            for j in 0..N {
                covariance[i][j] = params[i] * params[j] * c[i][j];
            }
            std_errors[i] = covariance[i][i].sqrt();
        }
    }
    let ll_internal = model.log_likelihood(data, params_int);
    Ok(RawFit {
        params,
        std_errors,
        covariance,
        log_likelihood: ll_internal + spec.ll_shift,
        iterations,
        converged,
        gradient_norm,
    })
}
