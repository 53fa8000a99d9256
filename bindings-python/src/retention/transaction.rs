//! The continuous-time transaction models — BG/NBD, MBG/NBD, Pareto/NBD — as native classes,
//! one declaration line each at the end of this file. Per-customer predictions are written by
//! the core's `_into` kernels into a new numpy array (or the caller's `out`) with the GIL
//! released; `scalar` says the caller passed one customer as plain numbers.

use crate::convert;
use crate::errors;
use crate::input::{native, optional, vector};
use crate::options::options as fit_options;
use crate::output::{Floats, each, predict, whole};
use custometrics::retention::models::{self as core, MatrixExtent, TransactionModel};
use custometrics::{Column, Result as CoreResult};
use numpy::{PyArray1, PyArray2, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A native class for a core [`TransactionModel`]: `model_class!` with `fit` and the
/// predictions every transaction model has, plus the methods in the optional braces.
macro_rules! transaction_model {
    ($class:ident = $name:literal ($core:ty) [$($p:ident),+] $({ $($extra:tt)* })?) => {
        model_class!(
            /// A transaction model with validated parameters (see `custometrics.retention`).
            $class = $name ($core) [$($p),+] {
            /// Fits the model: (the fitted model, the core's fit as a dict with the extent of
            /// the data for `probability_alive_matrix` as `matrix_extent`).
            #[staticmethod]
            #[pyo3(signature = (frequency, recency, t, weights=None, options=None))]
            fn fit<'py>(
                py: Python<'py>,
                frequency: &Bound<'py, PyAny>,
                recency: &Bound<'py, PyAny>,
                t: &Bound<'py, PyAny>,
                weights: Option<&Bound<'py, PyAny>>,
                options: Option<&Bound<'py, PyDict>>,
            ) -> PyResult<(Self, Bound<'py, PyAny>)> {
                let opts = fit_options(options)?;
                let (f, r, t) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("T", t)?);
                let (f, r, t) = (&*f, &*r, &*t);
                let w = optional("weights", weights)?;
                let w = w.as_deref();
                let fit = py.detach(|| <$core>::fit(f, r, t, w, &opts)).map_err(errors::to_py)?;
                // lifetimes' defaults of conditional_probability_alive_matrix, kept with the fit.
                let extent = py.detach(|| MatrixExtent::from_data(f, r, t)).map_err(errors::to_py)?;
                let dict = convert::to_py(py, &fit)?;
                dict.set_item("matrix_extent", convert::to_py(py, &extent)?)?;
                Ok((Self(fit.model), dict))
            }

            #[pyo3(signature = (frequency, recency, t, weights=None))]
            fn log_likelihood<'py>(
                &self,
                py: Python<'py>,
                frequency: &Bound<'py, PyAny>,
                recency: &Bound<'py, PyAny>,
                t: &Bound<'py, PyAny>,
                weights: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<f64> {
                let (f, r, t) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("T", t)?);
                let (f, r, t) = (&*f, &*r, &*t);
                let w = optional("weights", weights)?;
                let w = w.as_deref();
                py.detach(|| self.0.log_likelihood(f, r, t, w)).map_err(errors::to_py)
            }

            #[pyo3(signature = (frequency, recency, t, scalar=false, out=None))]
            fn probability_alive<'py>(
                &self,
                py: Python<'py>,
                frequency: &Bound<'py, PyAny>,
                recency: &Bound<'py, PyAny>,
                t: &Bound<'py, PyAny>,
                scalar: bool,
                out: Option<Bound<'py, PyAny>>,
            ) -> Floats<'py> {
                history(py, &self.0, frequency, recency, t, scalar, out,
                    |m, f, r, t| m.probability_alive(f, r, t),
                    |m, h, out| m.probability_alive_into_of(h, out))
            }

            #[pyo3(signature = (horizon, frequency, recency, t, scalar=false, out=None))]
            #[allow(clippy::too_many_arguments)]
            fn conditional_expected_transactions<'py>(
                &self,
                py: Python<'py>,
                horizon: f64,
                frequency: &Bound<'py, PyAny>,
                recency: &Bound<'py, PyAny>,
                t: &Bound<'py, PyAny>,
                scalar: bool,
                out: Option<Bound<'py, PyAny>>,
            ) -> Floats<'py> {
                history(py, &self.0, frequency, recency, t, scalar, out,
                    |m, f, r, t| m.conditional_expected_transactions(horizon, f, r, t),
                    |m, h, out| m.conditional_expected_transactions_into_of(horizon, h, out))
            }

            /// E[X(t)] for each horizon in `t`.
            #[pyo3(signature = (t, scalar=false))]
            fn expected_transactions<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>, scalar: bool) -> Floats<'py> {
                each(py, &vector("t", t)?, scalar, |t| self.0.expected_transactions(t))
            }

            /// P(X(t) = n) for each count in `n`.
            #[pyo3(signature = (t, n, scalar=false))]
            fn probability_of_transactions<'py>(
                &self,
                py: Python<'py>,
                t: f64,
                n: &Bound<'py, PyAny>,
                scalar: bool,
            ) -> Floats<'py> {
                pmf(py, &self.0, t, n, scalar)
            }

            /// P(alive) on the grid recency 0..=`max_recency` × frequency 0..=`max_frequency`
            /// (lifetimes' `conditional_probability_alive_matrix`); an argument not given comes
            /// from `fitted`, the extent of the data the model was fitted on.
            #[pyo3(signature = (max_frequency=None, max_recency=None, fitted=None))]
            fn probability_alive_matrix<'py>(
                &self,
                py: Python<'py>,
                max_frequency: Option<f64>,
                max_recency: Option<f64>,
                fitted: Option<(u64, u64)>,
            ) -> PyResult<Bound<'py, PyArray2<f64>>> {
                alive_matrix(py, &self.0, max_frequency, max_recency, fitted)
            }

            $($($extra)*)?
        });
    };
}

/// A prediction over customers' histories: `one` for a scalar call, else `many` into `out`.
#[allow(clippy::too_many_arguments)]
fn history<'py, M: TransactionModel>(
    py: Python<'py>,
    m: &M,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    t: &Bound<'py, PyAny>,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
    one: impl FnOnce(&M, f64, f64, f64) -> CoreResult<f64> + Send,
    many: impl FnOnce(&M, [Column<'_>; 3], &mut [f64]) -> CoreResult<()> + Send,
) -> Floats<'py> {
    let (f, r, t) = (native("frequency", frequency)?, native("recency", recency)?, native("T", t)?);
    let h = [f.column()?, r.column()?, t.column()?];
    let [f, r, t] = h.map(|c| c.get(0).unwrap_or(f64::NAN));
    predict(py, h[0].len(), scalar, out, || one(m, f, r, t), |out| many(m, h, out))
}

fn pmf<'py>(py: Python<'py>, m: &impl TransactionModel, t: f64, n: &Bound<'py, PyAny>, scalar: bool) -> Floats<'py> {
    let ns = whole("n", &vector("n", n)?, scalar)?;
    let out =
        py.detach(|| ns.into_iter().map(|k| m.probability_of_transactions(k, t)).collect::<CoreResult<Vec<f64>>>());
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}

fn alive_matrix<'py>(
    py: Python<'py>,
    m: &impl TransactionModel,
    max_frequency: Option<f64>,
    max_recency: Option<f64>,
    fitted: Option<(u64, u64)>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let max_f = max_frequency.map(|v| convert::count("max_frequency", v, 0)).transpose()?;
    let max_r = max_recency.map(|v| convert::count("max_recency", v, 0)).transpose()?;
    let fitted = fitted.map(|(max_frequency, max_recency)| MatrixExtent { max_frequency, max_recency });
    let e = MatrixExtent::resolve(max_f, max_r, fitted).map_err(errors::to_py)?;
    let grid = py.detach(|| m.probability_alive_matrix(e.max_frequency, e.max_recency)).map_err(errors::to_py)?;
    let shape = [grid.n_rows(), grid.n_cols()];
    PyArray1::from_vec(py, grid.probabilities).reshape(shape)
}

/// Every transaction model class: its native class, its Python name, the core model and the
/// parameters in the core's order. The list also says which classes CLV accepts.
macro_rules! transaction_models {
    ($($class:ident = $name:literal ($core:ty) [$($p:ident),+] $({ $($extra:tt)* })?;)+) => {
        $(transaction_model!($class = $name ($core) [$($p),+] $({ $($extra)* })?);)+

        /// The core model held by a native transaction model object, if `obj` is one.
        pub(crate) fn as_transaction_model<'a>(
            obj: &'a Bound<'_, PyAny>,
        ) -> Option<&'a (dyn TransactionModel + 'static)> {
            $(if let Ok(m) = obj.cast::<$class>() { return Some(&m.get().0); })+
            None
        }

        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_class::<$class>()?;)+
            Ok(())
        }
    };
}

transaction_models! {
    BetaGeo = "BetaGeo" (core::BetaGeo) [r, alpha, a, b];
    ModifiedBetaGeo = "ModifiedBetaGeo" (core::ModifiedBetaGeo) [r, alpha, a, b];
    ParetoNbd = "ParetoNBD" (core::ParetoNbd) [r, alpha, s, beta] {
        /// P(Y(t) = n | history) of each customer (lifetimes'
        /// `ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time`).
        #[pyo3(signature = (n, horizon, frequency, recency, t, scalar=false, out=None))]
        #[allow(clippy::too_many_arguments)]
        fn conditional_probability_of_transactions<'py>(
            &self,
            py: Python<'py>,
            n: f64,
            horizon: f64,
            frequency: &Bound<'py, PyAny>,
            recency: &Bound<'py, PyAny>,
            t: &Bound<'py, PyAny>,
            scalar: bool,
            out: Option<Bound<'py, PyAny>>,
        ) -> Floats<'py> {
            let n = convert::count("n", n, 0)?;
            history(py, &self.0, frequency, recency, t, scalar, out,
                |m, f, r, t| m.conditional_probability_of_transactions(n, horizon, f, r, t),
                |m, h, out| m.conditional_probability_of_transactions_into_of(n, horizon, h, out))
        }
    };
}
