//! `custometrics.retention`: thin wrappers over `custometrics::retention`, one file per part of
//! the core module — `economics.rs`, `summary.rs`, and one per family of fitted models
//! (`transaction.rs` for BG/NBD, MBG/NBD and Pareto/NBD; `bg_bb.rs`; `gamma_gamma.rs`, with CLV;
//! `sbg.rs`). Each fitted model is a native class that holds the validated core model, made by
//! [`model_class!`] in this file; the lifetimes-style classes of `python/custometrics/retention`
//! keep one as `_model` and delegate to it.
//!
//! Adding a model: a transaction model (one that implements the core's `TransactionModel`) is
//! one line in `transaction_models!` (`transaction.rs`); a model of a new family is one
//! `model_class!` with its methods. Its lifetimes-style Python class names the native class in
//! `_NATIVE` and its parameters in `_PARAMS`; `_native.pyi` declares it (stubtest checks that).

/// A native class holding a core model: `new` (the parameters in the core's order, validated
/// once), `params()` (a dict by name), pickling by those parameters, `repr`, and the family's
/// methods given in the braces. `$core::new` takes the parameters `$p` in order and the core
/// model serialises to a map with those names.
macro_rules! model_class {
    ($(#[$doc:meta])* $class:ident = $name:literal ($core:ty) [$($p:ident),+] { $($methods:tt)* }) => {
        $(#[$doc])*
        #[pyclass(name = $name, module = "custometrics._native", frozen)]
        pub struct $class(pub(crate) $core);

        #[pymethods]
        impl $class {
            #[new]
            fn new($($p: f64),+) -> PyResult<Self> {
                <$core>::new($($p),+).map(Self).map_err(crate::errors::to_py)
            }

            /// The parameters by name.
            fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::convert::to_py(py, &self.0)
            }

            fn __getnewargs__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
                let params = self.params(py)?;
                pyo3::types::PyTuple::new(py, [$(params.get_item(stringify!($p))?),+])
            }

            fn __repr__(&self) -> String {
                format!("{:?}", self.0)
            }

            $($methods)*
        }
    };
}

mod bg_bb;
mod economics;
mod gamma_gamma;
mod sbg;
mod summary;
mod transaction;

use pyo3::prelude::*;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    economics::register(m)?;
    summary::register(m)?;
    sbg::register(m)?;
    transaction::register(m)?;
    bg_bb::register(m)?;
    gamma_gamma::register(m)?;
    Ok(())
}
