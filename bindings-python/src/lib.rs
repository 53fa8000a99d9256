//! The `custometrics._native` extension module: thin wrappers that convert Python inputs, call
//! the core (releasing the GIL around array work) and hand results back as plain data. One file
//! per core module; the typed public API lives in `python/custometrics/`.

mod assessment;
mod convert;
mod errors;
mod input;
mod loyalty;
mod options;
mod output;
mod retention;
mod satisfaction;
mod tiers;
mod trust;

use custometrics::Result as CoreResult;
use pyo3::prelude::*;
use serde::Serialize;

/// A core result as Python data, or the core error as a Python exception.
pub(crate) fn done<'py, T: Serialize>(py: Python<'py>, r: CoreResult<T>) -> PyResult<Bound<'py, PyAny>> {
    convert::to_py(py, &r.map_err(errors::to_py)?)
}

/// Every options type of the core with its defaults, by type name (the core's
/// `convert::OptionDefaults`): the one place defaults are. The tests compare the defaults the
/// public Python signatures show with these.
#[pyfunction]
fn option_defaults(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::to_py(py, &custometrics::convert::OptionDefaults::default())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    assessment::register(m)?;
    loyalty::register(m)?;
    retention::register(m)?;
    satisfaction::register(m)?;
    tiers::register(m)?;
    trust::register(m)?;
    m.add_function(wrap_pyfunction!(option_defaults, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
