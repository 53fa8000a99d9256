//! Maximum-likelihood fitting shared by every model: the options, the report, the fitted model
//! ([`Fit`]), what a model gives the optimiser ([`Likelihood`]) and the driver that turns the
//! optimum into estimates and standard errors.
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
//! Gradients and Hessians come by automatic differentiation of the one generic log-likelihood a
//! model writes — never from finite differences.

use crate::error::{Error, Location, Result};
use crate::input;
use crate::numerics::dual::Real;
use crate::numerics::elementary as elem;
use crate::numerics::linalg::spd_inverse;
use crate::numerics::optimize::{self, Objective, norm};
use serde::{Deserialize, Serialize};

/// Options of a maximum-likelihood fit.
///
/// ```
/// use custometrics::retention::FitOptions;
/// let opts = FitOptions::default().with_penalizer(0.01);
/// assert_eq!(opts.max_iterations, 1000);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FitOptions {
    /// L2 penalty on the natural parameters, added to the mean negative log-likelihood
    /// (lifetimes' `penalizer_coef`). Non-negative; default 0.
    #[serde(with = "crate::float_serde")]
    pub penalizer: f64,
    /// Most optimiser iterations. At least 1; default 1000.
    pub max_iterations: u64,
    /// The fit has converged when the Euclidean norm of the objective's gradient with respect to
    /// the log-parameters is at most this. Positive; default 1e-9.
    #[serde(with = "crate::float_serde")]
    pub tolerance: f64,
    /// Starting values of the natural parameters, in the model's parameter order; `None` for the
    /// model's default start.
    #[serde(with = "crate::float_serde::option_vec")]
    pub initial: Option<Vec<f64>>,
    /// When true (the default) a fit that does not converge is [`Error::DidNotConverge`], and
    /// one whose data do not identify the parameters is [`Error::Invalid`] naming the data; when
    /// false either is returned with `converged: false` in its [`FitReport`] (its `termination`
    /// says which).
    pub require_convergence: bool,
}

crate::codes::with_setters!(FitOptions { with_penalizer => penalizer: f64, with_max_iterations => max_iterations: u64, with_tolerance => tolerance: f64, with_initial => initial: Option<Vec<f64>>, with_require_convergence => require_convergence: bool });

impl Default for FitOptions {
    fn default() -> Self {
        Self { penalizer: 0.0, max_iterations: 1000, tolerance: 1e-9, initial: None, require_convergence: true }
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
#[non_exhaustive]
pub struct FitReport {
    /// The total log-likelihood at the estimate, without the penalty (lifetimes'
    /// `log_likelihood_`: a total, not a mean).
    #[serde(with = "crate::float_serde")]
    pub log_likelihood: f64,
    /// The minimised objective at the estimate: mean negative log-likelihood plus the penalty.
    #[serde(with = "crate::float_serde")]
    pub objective: f64,
    /// The penalizer used.
    #[serde(with = "crate::float_serde")]
    pub penalizer: f64,
    /// Optimiser iterations done.
    pub iterations: u64,
    /// Whether the gradient norm reached the tolerance (see [`FitOptions::tolerance`]).
    pub converged: bool,
    /// Norm of the objective's gradient with respect to the log-parameters at the estimate.
    #[serde(with = "crate::float_serde")]
    pub gradient_norm: f64,
    /// Why the optimiser stopped, in its words.
    pub termination: String,
    /// Covariance matrix of the natural parameters (row-major, the model's parameter order), from
    /// the observed information; NaN where the information matrix is not positive definite.
    #[serde(with = "crate::float_serde::vec")]
    pub covariance: Vec<f64>,
}

impl FitReport {
    /// Standard errors: square roots of the covariance diagonal (NaN where not available).
    ///
    /// ```
    /// use custometrics::retention::{FitOptions, ShiftedBetaGeo};
    /// let fit = ShiftedBetaGeo::fit(&[1000.0, 631.0, 468.0, 382.0], &FitOptions::default()).unwrap();
    /// assert_eq!(fit.report.std_errors(), vec![fit.std_errors.alpha(), fit.std_errors.beta()]);
    /// ```
    pub fn std_errors(&self) -> Vec<f64> {
        let k = (self.covariance.len() as f64).sqrt().round() as usize;
        (0..k)
            .map(|i| self.covariance.get(i * k + i).map_or(f64::NAN, |v| if *v >= 0.0 { v.sqrt() } else { f64::NAN }))
            .collect()
    }
}

/// A fitted model: the estimates, their standard errors and the report of the fit.
///
/// ```
/// use custometrics::retention::models::{BetaGeo, FitOptions};
/// let f = BetaGeo::fit(&[0.0, 2.0, 1.0, 5.0], &[0.0, 20.0, 3.0, 30.0], &[40.0, 38.0, 35.0, 31.0], None, &FitOptions::default())?;
/// assert!(f.model.r > 0.0 && f.std_errors.r > 0.0);
/// assert_eq!((f.n_customers, f.n_patterns), (4.0, 4));
/// # Ok::<(), custometrics::Error>(())
/// ```
///
/// Serialised as `{model, std_errors, report, n_customers, n_patterns}`. Reading it back validates
/// `model` as a model; `std_errors` need only be NaN or non-negative, so a fit whose covariance
/// was not available round-trips.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "P: Deserialize<'de> + super::sealed::StdErrors"))]
#[non_exhaustive]
pub struct Fit<P> {
    /// The maximum-(penalised-)likelihood estimates, with lifetimes' parameter names.
    pub model: P,
    /// Standard errors of the estimates (the square roots of the covariance diagonal; NaN
    /// where it is not available), with the same names.
    #[serde(deserialize_with = "P::read_std_errors")]
    pub std_errors: P,
    /// Log-likelihood, iterations, convergence, covariance.
    pub report: FitReport,
    /// Customers (the sum of the weights; for the sBG, the cohort size).
    #[serde(with = "crate::float_serde")]
    pub n_customers: f64,
    /// Distinct data patterns the likelihood was evaluated on (for the sBG, the periods
    /// observed).
    pub n_patterns: u64,
}

/// The data a likelihood is evaluated on.
pub(crate) trait FitData: Sized + Sync {
    /// `W`, the customers (the sum of the weights), which scales the objective.
    fn total_weight(&self) -> f64;
    /// Distinct patterns (terms of the likelihood).
    fn patterns(&self) -> usize;
    /// A deterministic subsample to fit first for a warm start, when the data are large.
    fn warm_start(&self) -> Option<Self> {
        None
    }
}

/// A model's total log-likelihood, generic in the number type (values, gradients and Hessians
/// from the one formula).
pub(crate) trait Likelihood<const N: usize>: Sync {
    /// What the likelihood is evaluated on.
    type Data: FitData;
    /// Σ wᵢ ln Lᵢ at `params` (natural parameters on the model's internal scale).
    fn log_likelihood<S: Real>(&self, data: &Self::Data, params: [S; N]) -> S;
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
    /// The data input named by a `not identified` error.
    pub(crate) data: &'static str,
}

/// The result before it is dressed in a model's parameter names.
pub(crate) struct RawFit<const N: usize> {
    pub(crate) params: [f64; N],
    pub(crate) std_errors: [f64; N],
    pub(crate) report: FitReport,
}

impl<const N: usize> RawFit<N> {
    /// The public result, with `make` naming the parameters.
    pub(crate) fn dress<P>(self, data: &impl FitData, make: impl Fn([f64; N]) -> P) -> Fit<P> {
        Fit {
            model: make(self.params),
            std_errors: make(self.std_errors),
            report: self.report,
            n_customers: data.total_weight(),
            n_patterns: data.patterns() as u64,
        }
    }
}

/// Validates the options for an `N`-parameter model.
fn check_options(options: &FitOptions, n: usize) -> Result<()> {
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

/// The furthest a log-parameter (on the model's internal, rescaled axis) may lie from 0 before
/// the estimate counts as running to a boundary of the parameter space: parameters beyond
/// e^±27.6 ≈ 10^±12 (MBG/NBD on T = 1e-9 gave r = 1.8e20) are where the likelihood has gone flat,
/// not an estimate.
const LN_PARAM_BOUND: f64 = 27.631_021_115_928_547; // ln 1e12

/// The largest variance inflation c_ii · h_ii (1 / (1 − R²) of parameter i on the others, in
/// log-parameters) of an identified fit: beyond 1e10 the information matrix is singular in
/// double precision.
const MAX_VARIANCE_INFLATION: f64 = 1e10;

/// `invalid` naming the data when the estimate does not determine the parameters: the
/// information matrix is not positive definite (no repeat buyers, one period of an sBG cohort,
/// no variation), or a parameter runs to a boundary of the parameter space. The fit then fails,
/// or, under `require_convergence: false`, is returned with `converged: false` and this error
/// as its `termination`.
fn identified<const N: usize>(
    spec: &Spec<N>,
    theta: &[f64; N],
    params: &[f64; N],
    info: &[[f64; N]; N],
    std_errors: &[f64; N],
) -> Result<()> {
    let singular = std_errors.iter().any(|s| !s.is_finite())
        || spd_inverse(info).is_none_or(|c| (0..N).any(|i| nan_or_above(c[i][i] * info[i][i], MAX_VARIANCE_INFLATION)));
    let boundary = theta.iter().any(|t| nan_or_above(t.abs(), LN_PARAM_BOUND));
    if !singular && !boundary {
        return Ok(());
    }
    let why = if boundary {
        "a parameter runs to a boundary of the parameter space (0 or infinity), where the likelihood is flat"
    } else {
        "the information matrix is singular: the likelihood is flat along some direction"
    };
    Err(Error::Invalid {
        at: Location::scalar(spec.data),
        value: format!("data from which the {} parameters are not identified (estimates {params:?})", spec.name),
        expected: format!(
            "data that determine the parameters ({why}; for example customers without repeat purchases only, \
             a single period, or no variation)"
        ),
    })
}

/// `v > limit` or NaN: a bound that NaN fails too.
fn nan_or_above(v: f64, limit: f64) -> bool {
    v.is_nan() || v > limit
}

/// The objective: −LL(p)/W + λ Σ pᵢ².
struct Penalized<'a, const N: usize, M: Likelihood<N>> {
    model: &'a M,
    data: &'a M::Data,
    penalty: f64,
}

impl<const N: usize, M: Likelihood<N>> Objective<N> for Penalized<'_, N, M> {
    fn at<S: Real>(&self, p: [S; N]) -> S {
        let mut pen = S::cst(0.0);
        for pi in p {
            pen += pi * pi;
        }
        -(self.model.log_likelihood(self.data, p) / self.data.total_weight()) + pen * self.penalty
    }
}

/// Fits a model: validates options, minimises the objective ([`optimize::minimize`]: L-BFGS,
/// then Newton steps with the exact Hessian; large data first on a subsample) and returns the
/// estimates with the observed-information covariance.
pub(crate) fn fit<const N: usize, M: Likelihood<N>>(
    model: &M,
    data: &M::Data,
    spec: &Spec<N>,
    options: &FitOptions,
) -> Result<RawFit<N>> {
    check_options(options, N)?;
    let caller =
        |theta: &[f64; N]| -> Vec<f64> { theta.iter().zip(spec.unscale).map(|(t, u)| elem::exp(*t) * u).collect() };
    let did_not_converge = |iterations: u64, theta: &[f64; N]| Error::DidNotConverge {
        model: spec.name.to_owned(),
        iterations,
        last: caller(theta),
    };
    let mut theta = [0.0; N];
    if let Some(init) = &options.initial {
        for i in 0..N {
            theta[i] = elem::ln(init[i] / spec.unscale[i]);
        }
    }
    let (tol, max) = (options.tolerance, options.max_iterations);
    let objective = Penalized { model, data, penalty: spec.penalty };
    let sub = data.warm_start();
    let warm = sub.as_ref().map(|data| Penalized { model, data, penalty: spec.penalty });
    let found =
        optimize::minimize(&objective, warm.as_ref(), theta, tol, max).map_err(|(it, t)| did_not_converge(it, &t))?;
    let (theta, h, quasi, newton_steps) = (found.theta, found.at, found.quasi_newton, found.newton);
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
    let params_int = theta.map(elem::exp);
    let mut params = [0.0; N];
    for i in 0..N {
        params[i] = params_int[i] * spec.unscale[i];
    }
    // Observed information of the total objective W·(mean objective) in log-parameters.
    let mut info = h.h;
    for row in &mut info {
        for v in row.iter_mut() {
            *v *= data.total_weight();
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
    let (converged, termination) = match identified(spec, &theta, &params, &info, &std_errors) {
        Ok(()) => (converged, termination),
        Err(e) if options.require_convergence => return Err(e),
        Err(e) => (false, format!("not identified: {e}")),
    };
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
