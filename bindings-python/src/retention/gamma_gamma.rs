//! The Gamma-Gamma spend model as a native class, with CLV from it and a transaction model.

use super::transaction::as_transaction_model;
use crate::convert;
use crate::input::{native, optional, vector};
use crate::options::options as fit_options;
use crate::options::options_with;
use crate::output::{Floats, fill, predict};
use crate::{done, errors};
use custometrics::retention::models::{
    self as core, MAX_CLV_MONTHS, ModelClvOptions, TimeUnit, customer_lifetime_value_into,
};
use custometrics::{Error, Location};
use pyo3::prelude::*;
use pyo3::types::PyDict;

model_class!(
    /// The Gamma-Gamma spend model with validated parameters.
    GammaGamma = "GammaGamma" (core::GammaGamma) [p, q, v] {
    /// Fits the model: (the fitted model, the core's fit as a dict).
    #[staticmethod]
    #[pyo3(signature = (frequency, monetary_value, weights=None, options=None))]
    fn fit<'py>(
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
        weights: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<(Self, Bound<'py, PyAny>)> {
        let opts = fit_options(options)?;
        let (f, m) = (vector("frequency", frequency)?, vector("monetary_value", monetary_value)?);
        let (f, m) = (&*f, &*m);
        let w = optional("weights", weights)?;
        let w = w.as_deref();
        let fit = py.detach(|| core::GammaGamma::fit(f, m, w, &opts)).map_err(errors::to_py)?;
        Ok((Self(fit.model), convert::to_py(py, &fit)?))
    }

    #[pyo3(signature = (frequency, monetary_value, weights=None))]
    fn log_likelihood<'py>(
        &self,
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
        weights: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<f64> {
        let (f, mv) = (vector("frequency", frequency)?, vector("monetary_value", monetary_value)?);
        let (f, mv) = (&*f, &*mv);
        let w = optional("weights", weights)?;
        let w = w.as_deref();
        py.detach(|| self.0.log_likelihood(f, mv, w)).map_err(errors::to_py)
    }

    #[pyo3(signature = (frequency, monetary_value, scalar=false, out=None))]
    fn conditional_expected_average_profit<'py>(
        &self,
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
        scalar: bool,
        out: Option<Bound<'py, PyAny>>,
    ) -> Floats<'py> {
        let m = &self.0;
        let (f, mv) = (native("frequency", frequency)?, native("monetary_value", monetary_value)?);
        let (f, mv) = (f.column()?, mv.column()?);
        let (f1, mv1) = (f.get(0).unwrap_or(f64::NAN), mv.get(0).unwrap_or(f64::NAN));
        predict(py, f.len(), scalar, out, || m.conditional_expected_average_profit(f1, mv1),
            |out| m.conditional_expected_average_profit_into_of(f, mv, out))
    }

    /// The frequency–spend correlation the model assumes away.
    #[staticmethod]
    fn independence_check<'py>(
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (f, m) = (vector("frequency", frequency)?, vector("monetary_value", monetary_value)?);
        let (f, m) = (&*f, &*m);
        done(py, py.detach(|| core::GammaGamma::independence_check(f, m)))
    }

    /// Discounted expected spend over the months of the options (lifetimes' `time`) with a native
    /// transaction model (lifetimes' `customer_lifetime_value`). The options are the core's
    /// `ModelClvOptions` under lifetimes' names: `time` (months), `discount_rate` and `freq` (the
    /// time unit's code).
    #[pyo3(signature = (transaction_model, frequency, recency, t, monetary_value, given=None, out=None))]
    #[allow(clippy::too_many_arguments)]
    fn customer_lifetime_value<'py>(
        &self,
        py: Python<'py>,
        transaction_model: &Bound<'py, PyAny>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        t: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
        given: Option<&Bound<'py, PyDict>>,
        out: Option<Bound<'py, PyAny>>,
    ) -> Floats<'py> {
        let Some(tm) = as_transaction_model(transaction_model) else {
            return Err(errors::to_py(Error::Invalid {
                at: Location::scalar("transaction_model"),
                value: transaction_model.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string()),
                expected: "a native BetaGeo, ModifiedBetaGeo or ParetoNBD model".into(),
            }));
        };
        let (mut opts, raw): (ModelClvOptions, _) = options_with(given, &[("time", "months"), ("freq", "time_unit")])?;
        if let Some(months) = raw.number("time")? {
            opts.months = u32::try_from(convert::count("time", months, 0)?).ok().filter(|&m| m <= MAX_CLV_MONTHS).ok_or_else(|| {
                errors::to_py(Error::OutOfRange {
                    at: Location::scalar("time"),
                    value: months,
                    expected: format!("the integers 0..={MAX_CLV_MONTHS} (months; the horizon is capped at 100 years)"),
                })
            })?;
        }
        if let Some(freq) = raw.word("freq")? {
            opts.time_unit = TimeUnit::parse(&freq).map_err(errors::to_py)?;
        }
        let (f, r, t, mv) = (
            vector("frequency", frequency)?,
            vector("recency", recency)?,
            vector("T", t)?,
            vector("monetary_value", monetary_value)?,
        );
        let (f, r, t, mv) = (&*f, &*r, &*t, &*mv);
        let gg = &self.0;
        fill(py, f.len(), out, |out| customer_lifetime_value_into(tm, gg, f, r, t, mv, &opts, out))
    }
});

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<GammaGamma>()
}
