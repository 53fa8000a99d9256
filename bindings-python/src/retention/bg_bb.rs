//! The BG/BB model of discrete transaction opportunities as a native class. Periods
//! (`m_periods_in_future`, `n_periods` of a new customer, counts `x`) arrive as Python numbers
//! and must be whole.

use crate::convert;
use crate::errors;
use crate::input::{optional, vector};
use crate::options::options as fit_options;
use crate::output::{Floats, each, first, predict, whole};
use custometrics::Result as CoreResult;
use custometrics::retention::models as core;
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

model_class!(
    /// The BG/BB model with validated parameters.
    BetaGeoBetaBinom = "BetaGeoBetaBinom" (core::BetaGeoBetaBinom) [alpha, beta, gamma, delta] {
    /// Fits the model: (the fitted model, the core's fit as a dict).
    #[staticmethod]
    #[pyo3(signature = (frequency, recency, n_periods, weights=None, options=None))]
    fn fit<'py>(
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        n_periods: &Bound<'py, PyAny>,
        weights: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<(Self, Bound<'py, PyAny>)> {
        let opts = fit_options(options)?;
        let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
        let (f, r, n) = (&*f, &*r, &*n);
        let w = optional("weights", weights)?;
        let w = w.as_deref();
        let fit = py.detach(|| core::BetaGeoBetaBinom::fit(f, r, n, w, &opts)).map_err(errors::to_py)?;
        Ok((Self(fit.model), convert::to_py(py, &fit)?))
    }

    #[pyo3(signature = (frequency, recency, n_periods, weights=None))]
    fn log_likelihood<'py>(
        &self,
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        n_periods: &Bound<'py, PyAny>,
        weights: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<f64> {
        let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
        let (f, r, n) = (&*f, &*r, &*n);
        let w = optional("weights", weights)?;
        let w = w.as_deref();
        py.detach(|| self.0.log_likelihood(f, r, n, w)).map_err(errors::to_py)
    }

    #[pyo3(signature = (m_periods_in_future, frequency, recency, n_periods, scalar=false, out=None))]
    #[allow(clippy::too_many_arguments)]
    fn probability_alive<'py>(
        &self,
        py: Python<'py>,
        m_periods_in_future: f64,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        n_periods: &Bound<'py, PyAny>,
        scalar: bool,
        out: Option<Bound<'py, PyAny>>,
    ) -> Floats<'py> {
        let m = &self.0;
        let ahead = convert::count("m_periods_in_future", m_periods_in_future, 0)?;
        let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
        let (f, r, n) = (&*f, &*r, &*n);
        predict(py, f.len(), scalar, out, || m.probability_alive(ahead, first(f), first(r), first(n)),
            |out| m.probability_alive_into(ahead, f, r, n, out))
    }

    #[pyo3(signature = (m_periods_in_future, frequency, recency, n_periods, scalar=false, out=None))]
    #[allow(clippy::too_many_arguments)]
    fn conditional_expected_transactions<'py>(
        &self,
        py: Python<'py>,
        m_periods_in_future: f64,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        n_periods: &Bound<'py, PyAny>,
        scalar: bool,
        out: Option<Bound<'py, PyAny>>,
    ) -> Floats<'py> {
        let m = &self.0;
        let ahead = convert::count("m_periods_in_future", m_periods_in_future, 0)?;
        let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
        let (f, r, n) = (&*f, &*r, &*n);
        predict(py, f.len(), scalar, out, || m.conditional_expected_transactions(ahead, first(f), first(r), first(n)),
            |out| m.conditional_expected_transactions_into(ahead, f, r, n, out))
    }

    /// E[X(n)] of a new customer for each number of opportunities in `n_periods`.
    #[pyo3(signature = (n_periods, scalar=false))]
    fn expected_transactions<'py>(&self, py: Python<'py>, n_periods: &Bound<'py, PyAny>, scalar: bool) -> Floats<'py> {
        let ns = whole("n_periods", &vector("n_periods", n_periods)?, scalar)?;
        let out =
            py.detach(|| ns.into_iter().map(|n| self.0.expected_transactions(n)).collect::<CoreResult<Vec<f64>>>());
        Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
    }

    /// P(X(n) = x) of a new customer for each count in `x`.
    #[pyo3(signature = (n_periods, x, scalar=false))]
    fn probability_of_transactions<'py>(
        &self,
        py: Python<'py>,
        n_periods: f64,
        x: &Bound<'py, PyAny>,
        scalar: bool,
    ) -> Floats<'py> {
        let n = convert::count("n_periods", n_periods, 0)?;
        let xs = whole("n", &vector("n", x)?, scalar)?;
        each(py, &xs, scalar, |x| self.0.probability_of_transactions(x, n))
    }
});

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BetaGeoBetaBinom>()
}
