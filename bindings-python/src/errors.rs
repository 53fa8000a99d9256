//! One Python exception class per core error code, all under `CustometricsError(ValueError)`.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(custometrics, CustometricsError, PyValueError, "Base class of every custometrics error.");
create_exception!(custometrics, NotFiniteError, CustometricsError, "A NaN or infinity where a number is needed.");
create_exception!(custometrics, OutOfRangeError, CustometricsError, "A value outside its allowed range.");
create_exception!(custometrics, EmptyInputError, CustometricsError, "An input with too few elements.");
create_exception!(custometrics, LengthMismatchError, CustometricsError, "Arrays that must have equal lengths do not.");
create_exception!(custometrics, DivisionByZeroError, CustometricsError, "A value that makes a denominator zero.");
create_exception!(custometrics, InvalidInputError, CustometricsError, "Values that fail a joint condition.");
create_exception!(custometrics, DivergesError, CustometricsError, "Inputs for which the result is infinite.");
create_exception!(custometrics, DidNotConvergeError, CustometricsError, "A fit that stopped before converging.");

/// The core error as a Python exception with `.code`, `.field` and `.index`.
pub fn to_py(e: custometrics::Error) -> PyErr {
    let msg = e.to_string();
    use custometrics::ErrorKind as K;
    let err = match e.kind() {
        K::NotFinite => NotFiniteError::new_err(msg),
        K::OutOfRange => OutOfRangeError::new_err(msg),
        K::Empty => EmptyInputError::new_err(msg),
        K::LengthMismatch => LengthMismatchError::new_err(msg),
        K::DivisionByZero => DivisionByZeroError::new_err(msg),
        K::Invalid => InvalidInputError::new_err(msg),
        K::Diverges => DivergesError::new_err(msg),
        K::DidNotConverge => DidNotConvergeError::new_err(msg),
    };
    Python::attach(|py| {
        let value = err.value(py);
        // Setting attributes on a fresh exception instance cannot fail short of memory errors,
        // which would surface on the next Python call anyway.
        let _ = value.setattr("code", e.code());
        let _ = value.setattr("field", e.field());
        let _ = value.setattr("index", e.index());
        if let custometrics::Error::DidNotConverge { last, .. } = &e {
            let _ = value.setattr("last_iterate", last.clone());
        }
    });
    err
}

/// The `invalid` error for a Python-side conversion (ids, times) as an exception instance for the
/// Python layer to raise, so its class, attributes and message match the core's errors.
#[pyfunction]
#[pyo3(signature = (field, index, value, expected))]
fn invalid_input_error(field: String, index: Option<usize>, value: String, expected: String) -> PyErr {
    to_py(custometrics::Error::Invalid { at: custometrics::Location { field, index }, value, expected })
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("CustometricsError", py.get_type::<CustometricsError>())?;
    m.add("NotFiniteError", py.get_type::<NotFiniteError>())?;
    m.add("OutOfRangeError", py.get_type::<OutOfRangeError>())?;
    m.add("EmptyInputError", py.get_type::<EmptyInputError>())?;
    m.add("LengthMismatchError", py.get_type::<LengthMismatchError>())?;
    m.add("DivisionByZeroError", py.get_type::<DivisionByZeroError>())?;
    m.add("InvalidInputError", py.get_type::<InvalidInputError>())?;
    m.add("DivergesError", py.get_type::<DivergesError>())?;
    m.add("DidNotConvergeError", py.get_type::<DidNotConvergeError>())?;
    m.add_function(wrap_pyfunction!(invalid_input_error, m)?)?;
    Ok(())
}
