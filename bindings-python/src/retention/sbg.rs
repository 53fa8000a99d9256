//! The shifted-beta-geometric model as a native class. Functions of a period `t` take an array
//! of periods and return an array, with the GIL released; `scalar` says the caller passed one
//! number, so that an error names no index.

use crate::convert::{self, money};
use crate::errors;
use crate::input::vector;
use crate::options::options as fit_options;
use crate::output::Floats;
use custometrics::retention as core;
use custometrics::{Error, Location, Result as CoreResult};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// `f` over the periods in `t` (integers >= `min`), into a new float64 array.
fn over_periods<'py>(
    py: Python<'py>,
    field: &str,
    t: &Bound<'py, PyAny>,
    scalar: bool,
    min: u64,
    f: impl Fn(u64) -> CoreResult<f64> + Send + Sync,
) -> Floats<'py> {
    let t = vector(field, t)?;
    let t = &*t;
    let out = py.detach(|| {
        let ts = convert::counts(field, t, min).map_err(|e| if scalar { unindexed(e, field) } else { e })?;
        ts.into_iter().map(&f).collect::<CoreResult<Vec<f64>>>()
    });
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}

/// The error for a scalar argument: the same, without the index of the one-element array.
fn unindexed(e: Error, field: &str) -> Error {
    match e {
        Error::NotFinite { value, .. } => Error::NotFinite { at: Location::scalar(field), value },
        Error::OutOfRange { value, expected, .. } => Error::OutOfRange { at: Location::scalar(field), value, expected },
        e => e,
    }
}

/// A curve of `periods` + 1 (or `periods`) values.
fn curve(py: Python<'_>, periods: f64, f: impl FnOnce(u64) -> CoreResult<Vec<f64>> + Send) -> Floats<'_> {
    let n = convert::count("periods", periods, 0)?;
    Ok(PyArray1::from_vec(py, py.detach(|| f(n)).map_err(errors::to_py)?))
}

model_class!(
    /// The sBG model with validated α and β.
    ShiftedBetaGeo = "ShiftedBetaGeo" (core::ShiftedBetaGeo) [alpha, beta] {
    /// Fits α and β to survivor counts: (the fitted model, the core's fit as a dict).
    #[staticmethod]
    #[pyo3(signature = (survivors, options=None))]
    fn fit<'py>(
        py: Python<'py>,
        survivors: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<(Self, Bound<'py, PyAny>)> {
        let opts = fit_options(options)?;
        let s = vector("survivors", survivors)?;
        let s = &*s;
        let fit = py.detach(|| core::ShiftedBetaGeo::fit(s, &opts)).map_err(errors::to_py)?;
        Ok((Self(fit.model), convert::to_py(py, &fit)?))
    }

    fn log_likelihood(&self, survivors: &Bound<'_, PyAny>) -> PyResult<f64> {
        self.0.log_likelihood(&vector("survivors", survivors)?).map_err(errors::to_py)
    }

    #[pyo3(signature = (t, scalar=false))]
    fn survival<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>, scalar: bool) -> Floats<'py> {
        over_periods(py, "t", t, scalar, 0, |t| Ok(self.0.survival(t)))
    }

    #[pyo3(signature = (t, scalar=false))]
    fn retention_rate<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>, scalar: bool) -> Floats<'py> {
        over_periods(py, "t", t, scalar, 1, |t| self.0.retention_rate(t))
    }

    #[pyo3(signature = (t, scalar=false))]
    fn churn_probability<'py>(&self, py: Python<'py>, t: &Bound<'py, PyAny>, scalar: bool) -> Floats<'py> {
        over_periods(py, "t", t, scalar, 1, |t| self.0.churn_probability(t))
    }

    fn survival_curve<'py>(&self, py: Python<'py>, periods: f64) -> Floats<'py> {
        curve(py, periods, |n| self.0.survival_curve(n))
    }

    fn retention_curve<'py>(&self, py: Python<'py>, periods: f64) -> Floats<'py> {
        curve(py, periods, |n| self.0.retention_curve(n))
    }

    fn expected_survivors<'py>(&self, py: Python<'py>, cohort_size: f64, periods: f64) -> Floats<'py> {
        curve(py, periods, |n| self.0.expected_survivors(cohort_size, n))
    }

    /// DEL(d) (`del` is a Python keyword).
    #[pyo3(name = "del_")]
    fn del(&self, py: Python<'_>, discount: f64) -> PyResult<f64> {
        py.detach(|| self.0.del(discount)).map_err(errors::to_py)
    }

    #[pyo3(signature = (discount, renewals, scalar=false))]
    fn derl<'py>(&self, py: Python<'py>, discount: f64, renewals: &Bound<'py, PyAny>, scalar: bool) -> Floats<'py> {
        over_periods(py, "renewals", renewals, scalar, 0, |n| self.0.derl(discount, n))
    }

    /// E(CLV) as a decimal string.
    fn expected_clv(&self, py: Python<'_>, margin: &Bound<'_, PyAny>, discount: f64) -> PyResult<String> {
        let margin = money("margin", margin)?;
        Ok(py.detach(|| self.0.expected_clv(margin, discount)).map_err(errors::to_py)?.to_string())
    }

    /// E(RLV) as a decimal string.
    fn expected_residual_value(
        &self,
        py: Python<'_>,
        margin: &Bound<'_, PyAny>,
        discount: f64,
        renewals: f64,
    ) -> PyResult<String> {
        let margin = money("margin", margin)?;
        let n = convert::count("renewals", renewals, 0)?;
        Ok(py.detach(|| self.0.expected_residual_value(margin, discount, n)).map_err(errors::to_py)?.to_string())
    }
});

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ShiftedBetaGeo>()
}
