//! Maximum-likelihood fitting shared by the retention models: options, the report every fit
//! gives, the optimiser (argmin's L-BFGS with a Moré–Thuente line search, over log-parameters so
//! that every parameter stays positive) and standard errors from the observed information.
//!
//! # Conventions (the same as lifetimes, so fits can be compared)
//!
//! A model with positive parameters θ and total log-likelihood ℓ(θ) over `W` customers is fitted
//! by minimising, over φ = ln θ,
//!
//! ```text
//! f(φ) = −ℓ(θ) / W + penalizer · Σ θᵢ²
//! ```
//!
//! which is lifetimes' objective: the mean negative log-likelihood plus an L2 penalty on the
//! *natural* parameters (lifetimes' `penalizer_coef * sum(params ** 2)`, with `params =
//! exp(log_params)`). Standard errors are lifetimes' too: the covariance of φ is the inverse of
//! the Hessian of the total penalised negative log-likelihood `W · f` with respect to φ, mapped to
//! θ by the delta method, `Cov(θ) = diag(θ) · H_φ⁻¹ · diag(θ)`. Without a penalty, at the
//! maximum, this is exactly the inverse of the observed information `−∇²ℓ(θ̂)`.
//!
//! The Hessian is computed from analytic derivatives (a model's own second derivatives, or
//! central differences of its analytic gradient) — never from finite differences of the
//! likelihood alone.

use crate::error::{Error, Location, Result};
use crate::input;
use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd, ArgminSignum,
    ArgminSub, ArgminZeroLike,
};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// Options of a maximum-likelihood fit.
///
/// ```
/// use custometrics::retention::FitOptions;
/// let opts = FitOptions { penalizer: 0.01, ..FitOptions::default() };
/// assert_eq!(opts.max_iterations, 1000);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FitOptions {
    /// L2 penalty on the natural parameters, added to the mean negative log-likelihood
    /// (lifetimes' `penalizer_coef`). Non-negative; default 0.
    pub penalizer: f64,
    /// Most optimiser iterations. At least 1; default 1000.
    pub max_iterations: u64,
    /// The fit has converged when the Euclidean norm of the objective's gradient with respect to
    /// the log-parameters is at most this. Positive; default 1e-9.
    pub tolerance: f64,
    /// Starting values of the natural parameters, in the model's parameter order; `None` for the
    /// model's default start.
    pub initial: Option<Vec<f64>>,
    /// When true (the default) a fit that does not converge is [`Error::DidNotConverge`]; when
    /// false it is returned with `converged: false` in its [`FitReport`].
    pub require_convergence: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self { penalizer: 0.0, max_iterations: 1000, tolerance: 1e-9, initial: None, require_convergence: true }
    }
}

impl FitOptions {
    /// Validates the options for a model with the named parameters; returns the start (natural
    /// parameters), `default_start` when none is given.
    pub(crate) fn start(&self, names: &[&str], default_start: &[f64]) -> Result<Vec<f64>> {
        input::check("penalizer", self.penalizer, self.penalizer >= 0.0, "the non-negative numbers")?;
        input::check("tolerance", self.tolerance, self.tolerance > 0.0, "the positive numbers")?;
        if self.max_iterations == 0 {
            return Err(Error::OutOfRange {
                at: Location::scalar("max_iterations"),
                value: 0.0,
                expected: "the positive integers".into(),
            });
        }
        match &self.initial {
            None => Ok(default_start.to_vec()),
            Some(init) => {
                input::same_len("initial", init.len(), "the model's parameters", names.len())?;
                input::all_in("initial", init, f64::MIN_POSITIVE, f64::MAX, "the positive numbers")?;
                Ok(init.clone())
            }
        }
    }
}

/// How a maximum-likelihood fit went.
///
/// ```
/// use custometrics::retention::{FitOptions, ShiftedBetaGeo};
/// let fit = ShiftedBetaGeo::fit(&[1000.0, 631.0, 468.0, 382.0], &FitOptions::default()).unwrap();
/// assert!(fit.report.converged);
/// assert!(fit.report.log_likelihood < 0.0);
/// assert_eq!(fit.report.covariance.len(), 4); // 2 × 2, row-major
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    /// The total log-likelihood at the estimate, without the penalty (lifetimes'
    /// `log_likelihood_`: a total, not a mean).
    pub log_likelihood: f64,
    /// The minimised objective at the estimate: mean negative log-likelihood plus the penalty.
    pub objective: f64,
    /// The penalizer used.
    pub penalizer: f64,
    /// Optimiser iterations done.
    pub iterations: u64,
    /// Whether the gradient norm reached the tolerance (see [`FitOptions::tolerance`]).
    pub converged: bool,
    /// Norm of the objective's gradient with respect to the log-parameters at the estimate.
    pub gradient_norm: f64,
    /// Why the optimiser stopped, in its words.
    pub termination: String,
    /// Covariance matrix of the natural parameters (row-major, the model's parameter order), from
    /// the observed information; NaN where the information matrix is not positive definite.
    pub covariance: Vec<f64>,
}

impl FitReport {
    /// Standard errors: square roots of the covariance diagonal (NaN where not available).
    ///
    /// ```
    /// use custometrics::retention::{FitOptions, ShiftedBetaGeo};
    /// let fit = ShiftedBetaGeo::fit(&[1000.0, 631.0, 468.0, 382.0], &FitOptions::default()).unwrap();
    /// assert_eq!(fit.report.std_errors(), vec![fit.std_errors.alpha, fit.std_errors.beta]);
    /// ```
    pub fn std_errors(&self) -> Vec<f64> {
        let k = (self.covariance.len() as f64).sqrt().round() as usize;
        (0..k)
            .map(|i| self.covariance.get(i * k + i).map_or(f64::NAN, |v| if *v >= 0.0 { v.sqrt() } else { f64::NAN }))
            .collect()
    }
}

/// What a model gives the optimiser: its total log-likelihood and gradient in natural
/// parameters, and the number of customers `W` that scales the objective.
pub(crate) trait Likelihood {
    /// Total log-likelihood ℓ(θ) and ∇ℓ(θ); `None` when not finite at θ.
    fn log_likelihood(&self, theta: &[f64]) -> Option<(f64, Vec<f64>)>;
    /// The total weight `W` (customers), > 0.
    fn weight(&self) -> f64;
}

/// The optimum found, in natural parameters.
#[derive(Debug, Clone)]
pub(crate) struct Estimate {
    pub theta: Vec<f64>,
    pub report: FitReport,
}

/// A parameter vector for argmin. A newtype over `Vec<f64>` so that argmin-math's `vec` feature
/// (which pulls in `rand` and `getrandom`, unbuildable on wasm32-unknown-unknown) is not needed.
#[derive(Debug, Clone, PartialEq)]
struct V(Vec<f64>);

impl V {
    fn map(&self, f: impl Fn(f64) -> f64) -> V {
        V(self.0.iter().map(|a| f(*a)).collect())
    }
    fn zip(&self, o: &V, f: impl Fn(f64, f64) -> f64) -> V {
        V(self.0.iter().zip(&o.0).map(|(a, b)| f(*a, *b)).collect())
    }
}

impl ArgminAdd<V, V> for V {
    fn add(&self, o: &V) -> V {
        self.zip(o, |a, b| a + b)
    }
}
impl ArgminAdd<f64, V> for V {
    fn add(&self, o: &f64) -> V {
        self.map(|a| a + o)
    }
}
impl ArgminSub<V, V> for V {
    fn sub(&self, o: &V) -> V {
        self.zip(o, |a, b| a - b)
    }
}
impl ArgminSub<f64, V> for V {
    fn sub(&self, o: &f64) -> V {
        self.map(|a| a - o)
    }
}
impl ArgminMul<V, V> for V {
    fn mul(&self, o: &V) -> V {
        self.zip(o, |a, b| a * b)
    }
}
impl ArgminMul<f64, V> for V {
    fn mul(&self, o: &f64) -> V {
        self.map(|a| a * o)
    }
}
impl ArgminDot<V, f64> for V {
    fn dot(&self, o: &V) -> f64 {
        self.0.iter().zip(&o.0).map(|(a, b)| a * b).sum()
    }
}
impl ArgminL1Norm<f64> for V {
    fn l1_norm(&self) -> f64 {
        self.0.iter().map(|a| a.abs()).sum()
    }
}
impl ArgminL2Norm<f64> for V {
    fn l2_norm(&self) -> f64 {
        norm(&self.0)
    }
}
impl ArgminSignum for V {
    fn signum(self) -> V {
        self.map(f64::signum)
    }
}
impl ArgminZeroLike for V {
    fn zero_like(&self) -> V {
        self.map(|_| 0.0)
    }
}
impl ArgminMinMax for V {
    fn min(x: &V, y: &V) -> V {
        x.zip(y, f64::min)
    }
    fn max(x: &V, y: &V) -> V {
        x.zip(y, f64::max)
    }
}
impl ArgminScaledAdd<V, f64, V> for V {
    fn scaled_add(&self, factor: &f64, vec: &V) -> V {
        self.zip(vec, |a, b| a + factor * b)
    }
}

pub(crate) fn norm(v: &[f64]) -> f64 {
    v.iter().map(|a| a * a).sum::<f64>().sqrt()
}

/// The last point evaluated: φ, f(φ), ∇_φ f.
type Evaluation = (Vec<f64>, f64, Vec<f64>);

/// The objective over log-parameters, with a one-entry cache (argmin asks for the cost and the
/// gradient at the same point separately) and a record of the last finite point, reported when
/// the optimiser fails.
struct Problem<'a, L> {
    lik: &'a L,
    penalizer: f64,
    cache: RefCell<Option<Evaluation>>,
    last: &'a RefCell<(Vec<f64>, u64)>,
}

impl<L: Likelihood> Problem<'_, L> {
    /// f(φ) and ∇_φ f, or an error when not finite (argmin's line search then stops cleanly).
    fn eval(&self, phi: &V) -> std::result::Result<(f64, Vec<f64>), argmin::core::Error> {
        if let Some((p, f, g)) = self.cache.borrow().as_ref()
            && *p == phi.0
        {
            return Ok((*f, g.clone()));
        }
        let theta: Vec<f64> = phi.0.iter().map(|p| p.exp()).collect();
        let w = self.lik.weight();
        let value = self.lik.log_likelihood(&theta).and_then(|(ll, grad)| {
            let pen: f64 = theta.iter().map(|t| t * t).sum();
            let f = -ll / w + self.penalizer * pen;
            let g: Vec<f64> = theta.iter().zip(&grad).map(|(t, gl)| t * (-gl / w + 2.0 * self.penalizer * t)).collect();
            (f.is_finite() && g.iter().all(|x| x.is_finite())).then_some((f, g))
        });
        match value {
            Some((f, g)) => {
                {
                    let mut last = self.last.borrow_mut();
                    last.0.clone_from(&theta);
                    last.1 += 1;
                }
                *self.cache.borrow_mut() = Some((phi.0.clone(), f, g.clone()));
                Ok((f, g))
            }
            None => Err(argmin::core::Error::msg(format!("objective not finite at parameters {theta:?}"))),
        }
    }
}

impl<L: Likelihood> CostFunction for Problem<'_, L> {
    type Param = V;
    type Output = f64;
    fn cost(&self, phi: &V) -> std::result::Result<f64, argmin::core::Error> {
        self.eval(phi).map(|(f, _)| f)
    }
}

impl<L: Likelihood> Gradient for Problem<'_, L> {
    type Param = V;
    type Gradient = V;
    fn gradient(&self, phi: &V) -> std::result::Result<V, argmin::core::Error> {
        self.eval(phi).map(|(_, g)| V(g))
    }
}

/// Maximises the (penalised) likelihood from `theta0` (natural parameters, positive).
///
/// `hessian` gives the Hessian of ℓ in natural parameters at θ̂ (row-major); the covariance in
/// the report is computed from it. A run that fails or stops short of the tolerance is
/// [`Error::DidNotConverge`] naming `model` and the last finite iterate, unless the options allow
/// an unconverged result.
pub(crate) fn maximize<L: Likelihood>(
    model: &str,
    lik: &L,
    theta0: &[f64],
    options: &FitOptions,
    hessian: impl Fn(&[f64]) -> Option<Vec<f64>>,
) -> Result<Estimate> {
    let last = RefCell::new((theta0.to_vec(), 0u64));
    let did_not_converge = |iterations: u64, last: &[f64]| Error::DidNotConverge {
        model: model.to_owned(),
        iterations,
        last: last.to_vec(),
    };
    let problem = Problem { lik, penalizer: options.penalizer, cache: RefCell::new(None), last: &last };
    let phi0 = V(theta0.iter().map(|t| t.ln()).collect());
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
        .with_tolerance_grad(options.tolerance)
        .and_then(|s| s.with_tolerance_cost(f64::EPSILON));
    let solver = match solver {
        Ok(s) => s,
        Err(_) => return Err(did_not_converge(0, theta0)),
    };
    let run = Executor::new(problem, solver)
        .configure(|state| state.param(phi0).max_iters(options.max_iterations))
        .timer(false)
        .run();
    let (phi, iterations, termination, out_of_iterations) = match run {
        Ok(res) => {
            let state = res.state();
            let phi = state.get_best_param().or_else(|| state.get_param()).cloned();
            let reason = match state.get_termination_status() {
                TerminationStatus::Terminated(r) => r.clone(),
                TerminationStatus::NotTerminated => TerminationReason::SolverExit("not terminated".into()),
            };
            let out = reason == TerminationReason::MaxItersReached;
            (phi, state.get_iter(), reason.text().to_owned(), out)
        }
        Err(e) => {
            // The line search met a point where the objective is not finite, or another failure:
            // continue from the last finite point if it is good enough, else report it.
            let (theta, evals) = last.borrow().clone();
            let phi = V(theta.iter().map(|t| t.ln()).collect());
            (Some(phi), evals, format!("optimiser error: {e}"), false)
        }
    };
    let Some(phi) = phi else {
        let (theta, evals) = last.borrow().clone();
        return Err(did_not_converge(evals, &theta));
    };
    let theta: Vec<f64> = phi.0.iter().map(|p| p.exp()).collect();
    // Newton steps on φ with the model's Hessian take the estimate from where the line search
    // stalls (about √ε in the gradient) to machine precision. A run cut short by the iteration
    // limit is reported as it is, not rescued.
    let theta = if out_of_iterations { theta } else { polish(lik, theta, options.penalizer, &hessian) };
    let Some((ll, grad)) = lik.log_likelihood(&theta) else {
        return Err(did_not_converge(iterations, &theta));
    };
    let w = lik.weight();
    let pen: f64 = theta.iter().map(|t| t * t).sum();
    let objective = -ll / w + options.penalizer * pen;
    // Gradient of the total penalised negative log-likelihood W·f in natural parameters.
    let grad_total: Vec<f64> = theta.iter().zip(&grad).map(|(t, g)| -g + 2.0 * w * options.penalizer * t).collect();
    let gradient_norm = log_gradient_norm(&theta, &grad_total, w);
    let converged = gradient_norm <= options.tolerance && theta.iter().all(|t| t.is_finite() && *t > 0.0);
    if !converged && options.require_convergence {
        return Err(did_not_converge(iterations, &theta));
    }
    let k = theta.len();
    let covariance = hessian(&theta)
        .and_then(|h| objective_hessian(h, k, 2.0 * w * options.penalizer))
        .and_then(|hf| covariance_from_log_hessian(&theta, &grad_total, &hf))
        .unwrap_or_else(|| vec![f64::NAN; k * k]);
    Ok(Estimate {
        report: FitReport {
            log_likelihood: ll,
            objective,
            penalizer: options.penalizer,
            iterations,
            converged,
            gradient_norm,
            termination,
            covariance,
        },
        theta,
    })
}

/// ‖∇_φ f‖ from the gradient of W·f in natural parameters.
fn log_gradient_norm(theta: &[f64], grad_total: &[f64], w: f64) -> f64 {
    norm(&theta.iter().zip(grad_total).map(|(t, g)| t * g / w).collect::<Vec<_>>())
}

/// W·f and its gradient and Hessian in natural parameters, from ℓ's derivatives.
fn total_objective<L: Likelihood>(
    lik: &L,
    theta: &[f64],
    penalizer: f64,
    hessian: &impl Fn(&[f64]) -> Option<Vec<f64>>,
) -> Option<(f64, Vec<f64>, Vec<f64>)> {
    let k = theta.len();
    let w = lik.weight();
    let (ll, grad) = lik.log_likelihood(theta)?;
    let hf = objective_hessian(hessian(theta)?, k, 2.0 * w * penalizer)?;
    let value = -ll + w * penalizer * theta.iter().map(|t| t * t).sum::<f64>();
    let g: Vec<f64> = theta.iter().zip(&grad).map(|(t, g)| -g + 2.0 * w * penalizer * t).collect();
    (value.is_finite() && grad.len() == k).then_some((value, g, hf))
}

/// −∇²ℓ + `ridge`·I from the k × k Hessian of ℓ; `None` if it is not k × k.
fn objective_hessian(h: Vec<f64>, k: usize, ridge: f64) -> Option<Vec<f64>> {
    if h.len() != k * k {
        return None;
    }
    let mut hf: Vec<f64> = h.iter().map(|v| -v).collect();
    for i in 0..k {
        hf[i * k + i] += ridge;
    }
    Some(hf)
}

/// Up to eight Newton steps in φ = ln θ, each kept only if it lowers the gradient norm without
/// raising the objective.
fn polish<L: Likelihood>(
    lik: &L,
    mut theta: Vec<f64>,
    penalizer: f64,
    hessian: &impl Fn(&[f64]) -> Option<Vec<f64>>,
) -> Vec<f64> {
    let k = theta.len();
    let w = lik.weight();
    for _ in 0..8 {
        let Some((value, g, hf)) = total_objective(lik, &theta, penalizer, hessian) else { break };
        let gnorm = log_gradient_norm(&theta, &g, w);
        if gnorm == 0.0 {
            break;
        }
        let mut hphi = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                hphi[i * k + j] = theta[i] * hf[i * k + j] * theta[j];
            }
            hphi[i * k + i] += theta[i] * g[i];
        }
        let Some(inv) = invert_spd(&hphi, k) else { break };
        let next: Vec<f64> = (0..k)
            .map(|i| {
                let step: f64 = (0..k).map(|j| inv[i * k + j] * theta[j] * g[j]).sum();
                theta[i] * (-step).exp()
            })
            .collect();
        let Some((next_value, next_g, _)) = total_objective(lik, &next, penalizer, hessian) else { break };
        let next_norm = log_gradient_norm(&next, &next_g, w);
        if next_norm < gnorm && next_value <= value + 1e-12 * value.abs().max(1.0) {
            theta = next;
        } else {
            break;
        }
    }
    theta
}

/// Delta-method covariance of θ from the Hessian `hf` and gradient `gf` (natural parameters) of
/// a function F to minimise: H_φ = D·hf·D + diag(θ ⊙ gf), Cov(θ) = D·H_φ⁻¹·D with D = diag(θ).
/// `None` when H_φ is not positive definite.
pub(crate) fn covariance_from_log_hessian(theta: &[f64], gf: &[f64], hf: &[f64]) -> Option<Vec<f64>> {
    let k = theta.len();
    if gf.len() != k || hf.len() != k * k {
        return None;
    }
    let mut hphi = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            hphi[i * k + j] = theta[i] * hf[i * k + j] * theta[j];
        }
        hphi[i * k + i] += theta[i] * gf[i];
    }
    let inv = invert_spd(&hphi, k)?;
    let mut cov = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            cov[i * k + j] = theta[i] * inv[i * k + j] * theta[j];
        }
    }
    cov.iter().all(|v| v.is_finite()).then_some(cov)
}

/// Inverse of a symmetric positive-definite `k × k` matrix (row-major) by Cholesky; `None` if it
/// is not positive definite.
pub(crate) fn invert_spd(a: &[f64], k: usize) -> Option<Vec<f64>> {
    if a.len() != k * k {
        return None;
    }
    // a = L Lᵀ
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|p| l[i * k + p] * l[j * k + p]).sum();
            if i == j {
                let d = a[i * k + i] - s;
                if !(d > 0.0 && d.is_finite()) {
                    return None;
                }
                l[i * k + i] = d.sqrt();
            } else {
                l[i * k + j] = (a[i * k + j] - s) / l[j * k + j];
            }
        }
    }
    // Solve L Lᵀ X = I column by column.
    let mut inv = vec![0.0; k * k];
    for c in 0..k {
        let mut y = vec![0.0; k];
        for i in 0..k {
            let s: f64 = (0..i).map(|p| l[i * k + p] * y[p]).sum();
            y[i] = (if i == c { 1.0 } else { 0.0 } - s) / l[i * k + i];
        }
        let mut x = vec![0.0; k];
        for i in (0..k).rev() {
            let s: f64 = (i + 1..k).map(|p| l[p * k + i] * x[p]).sum();
            x[i] = (y[i] - s) / l[i * k + i];
        }
        for i in 0..k {
            inv[i * k + c] = x[i];
        }
    }
    Some(inv)
}

/// The Hessian of ℓ in natural parameters from central differences of its *analytic* gradient,
/// stepping in log-parameters (relative steps), symmetrised. For models whose second derivatives
/// are tedious; accurate to about 1e-8 relative.
#[allow(dead_code)] // shared with the transaction models, which adopt it; tested here
pub(crate) fn hessian_from_gradient<L: Likelihood>(lik: &L, theta: &[f64]) -> Option<Vec<f64>> {
    let k = theta.len();
    let h = f64::EPSILON.cbrt();
    let mut hess = vec![0.0; k * k];
    for j in 0..k {
        let mut up = theta.to_vec();
        let mut down = theta.to_vec();
        up[j] = theta[j] * h.exp();
        down[j] = theta[j] * (-h).exp();
        let (_, gu) = lik.log_likelihood(&up)?;
        let (_, gd) = lik.log_likelihood(&down)?;
        let step = up[j] - down[j];
        for i in 0..k {
            hess[i * k + j] = (gu[i] - gd[i]) / step;
        }
    }
    for i in 0..k {
        for j in 0..i {
            let m = 0.5 * (hess[i * k + j] + hess[j * k + i]);
            hess[i * k + j] = m;
            hess[j * k + i] = m;
        }
    }
    hess.iter().all(|v| v.is_finite()).then_some(hess)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::excessive_precision)]
mod tests {
    use super::*;

    /// ℓ(θ) = Σ −(θᵢ − cᵢ)² / 2 · W, maximum at c.
    struct Quadratic(Vec<f64>);
    impl Likelihood for Quadratic {
        fn log_likelihood(&self, t: &[f64]) -> Option<(f64, Vec<f64>)> {
            let ll = -t.iter().zip(&self.0).map(|(a, c)| (a - c) * (a - c)).sum::<f64>() * 5.0;
            Some((ll, t.iter().zip(&self.0).map(|(a, c)| -(a - c) * 10.0).collect()))
        }
        fn weight(&self) -> f64 {
            10.0
        }
    }

    #[test]
    fn finds_the_maximum_and_the_covariance() {
        let q = Quadratic(vec![2.0, 0.5, 7.0]);
        let e = maximize("quadratic", &q, &[1.0, 1.0, 1.0], &FitOptions::default(), |t| hessian_from_gradient(&q, t))
            .unwrap();
        for (a, b) in e.theta.iter().zip(&q.0) {
            assert!((a - b).abs() < 1e-8, "{a} vs {b}");
        }
        // −∇²ℓ = 10 I, so the covariance is I / 10.
        for (i, v) in e.report.covariance.iter().enumerate() {
            let want = if i % 4 == 0 { 0.1 } else { 0.0 };
            assert!((v - want).abs() < 1e-6, "{i}: {v}");
        }
        assert!(e.report.converged);
    }

    #[test]
    fn inverts_spd_and_refuses_indefinite() {
        let a = [4.0, 2.0, 2.0, 3.0];
        let inv = invert_spd(&a, 2).unwrap();
        let want = [3.0 / 8.0, -2.0 / 8.0, -2.0 / 8.0, 4.0 / 8.0];
        for (x, y) in inv.iter().zip(want) {
            assert!((x - y).abs() < 1e-15);
        }
        assert!(invert_spd(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
        assert!(invert_spd(&[1.0], 2).is_none());
    }

    #[test]
    fn a_single_iteration_does_not_converge() {
        let q = Quadratic(vec![2.0, 0.5]);
        let opts = FitOptions { max_iterations: 1, ..FitOptions::default() };
        let err = maximize("quadratic", &q, &[1.0, 1.0], &opts, |_| None).unwrap_err();
        assert_eq!(err.code(), "did_not_converge");
        let Error::DidNotConverge { last, model, .. } = err else { unreachable!() };
        assert_eq!((model.as_str(), last.len()), ("quadratic", 2));
    }
}
