//! The one error type of the library.
//!
//! Every variant names the input (`field`), the position inside an array input (`index`, when
//! the input is an array) and the offending value, and carries a stable [`Error::code`] that the
//! Python and JavaScript bindings expose unchanged.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a bad value sits: the input's name and, for array inputs, the element's index.
///
/// Displays as `scores[1042]`, or `confidence` when there is no index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The name of the argument or field, as the caller knows it.
    pub field: String,
    /// The index inside an array argument (row-major for matrices), if any.
    pub index: Option<usize>,
}

impl Location {
    /// A scalar input.
    pub fn scalar(field: impl Into<String>) -> Self {
        Self { field: field.into(), index: None }
    }

    /// The element `index` of an array input.
    pub fn at(field: impl Into<String>, index: usize) -> Self {
        Self { field: field.into(), index: Some(index) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(i) => write!(f, "{}[{}]", self.field, i),
            None => f.write_str(&self.field),
        }
    }
}

/// `Some(f(at))` for the variants that carry a location, `None` for the others: the variant list
/// written once for [`Error::location`] and its `mut` twin.
macro_rules! located {
    ($e:expr, $at:ident => $f:expr) => {
        match $e {
            Error::NotFinite { $at, .. }
            | Error::OutOfRange { $at, .. }
            | Error::Empty { $at, .. }
            | Error::LengthMismatch { $at, .. }
            | Error::DivisionByZero { $at, .. }
            | Error::Invalid { $at, .. }
            | Error::Diverges { $at, .. } => Some($f),
            Error::DidNotConverge { .. } => None,
        }
    };
}

/// Everything that can go wrong in custometrics.
///
/// ```
/// use custometrics::satisfaction::nps;
/// let err = nps(&[10.0, 11.0], Default::default()).unwrap_err();
/// assert_eq!(err.code(), "out_of_range");
/// assert_eq!(err.to_string(), "scores[1] = 11 is outside the NPS scale: an integer in 0..=10");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A NaN or an infinity where a finite number is needed.
    #[error("{at} = {value} is not finite")]
    NotFinite {
        /// Where.
        at: Location,
        /// The value (NaN, inf or -inf).
        value: f64,
    },
    /// A number outside the allowed range or set.
    #[error("{at} = {value} is outside {expected}")]
    OutOfRange {
        /// Where.
        at: Location,
        /// The value.
        value: f64,
        /// What was expected, as a phrase: `the NPS scale: an integer in 0..=10`.
        expected: String,
    },
    /// An input that needs at least one element (or more) has too few.
    #[error("{at} has {len} element(s); at least {min} needed")]
    Empty {
        /// Which input.
        at: Location,
        /// Its length.
        len: usize,
        /// The least length that works.
        min: usize,
    },
    /// Two inputs that must have the same length do not.
    #[error("{at} has length {len} but {other} has length {other_len}")]
    LengthMismatch {
        /// The input whose length is wrong.
        at: Location,
        /// Its length.
        len: usize,
        /// The input it is compared with.
        other: String,
        /// That input's length.
        other_len: usize,
    },
    /// A denominator that is zero (or would be) for this input.
    #[error("{at} = {value} makes a denominator zero: {reason}")]
    DivisionByZero {
        /// Where.
        at: Location,
        /// The value.
        value: f64,
        /// Why that value divides by zero.
        reason: String,
    },
    /// A set of values that must satisfy a joint condition does not (shares summing to 1,
    /// weights not all zero, labels that must be known ...).
    #[error("{at} = {value} is invalid: {expected}")]
    Invalid {
        /// Where.
        at: Location,
        /// The value, written out (a number, a sum, a label).
        value: String,
        /// The condition that failed.
        expected: String,
    },
    /// A series or integral that has no finite value for these inputs.
    #[error("{at} = {value} makes the result diverge: {reason}")]
    Diverges {
        /// Where.
        at: Location,
        /// The value.
        value: f64,
        /// Why.
        reason: String,
    },
    /// An iterative fit that stopped before it converged.
    #[error("{model} did not converge after {iterations} iterations (last iterate {last:?})")]
    DidNotConverge {
        /// The model being fitted.
        model: String,
        /// Iterations done.
        iterations: u64,
        /// The last parameter vector tried.
        last: Vec<f64>,
    },
}

/// The kind of an [`Error`], one per variant, for code outside this crate that must handle every
/// kind: [`Error`] is `#[non_exhaustive]`, so a `match` on it needs a fallback arm, while this
/// enum is exhaustive on purpose — a new error kind fails to compile in every binding until the
/// binding maps it.
///
/// ```
/// use custometrics::{Error, ErrorKind, Location};
/// let e = Error::Empty { at: Location::scalar("scores"), len: 0, min: 1 };
/// assert_eq!(e.kind(), ErrorKind::Empty);
/// assert_eq!(e.kind().code(), e.code());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// [`Error::NotFinite`].
    NotFinite,
    /// [`Error::OutOfRange`].
    OutOfRange,
    /// [`Error::Empty`].
    Empty,
    /// [`Error::LengthMismatch`].
    LengthMismatch,
    /// [`Error::DivisionByZero`].
    DivisionByZero,
    /// [`Error::Invalid`].
    Invalid,
    /// [`Error::Diverges`].
    Diverges,
    /// [`Error::DidNotConverge`].
    DidNotConverge,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::NotFinite,
        ErrorKind::OutOfRange,
        ErrorKind::Empty,
        ErrorKind::LengthMismatch,
        ErrorKind::DivisionByZero,
        ErrorKind::Invalid,
        ErrorKind::Diverges,
        ErrorKind::DidNotConverge,
    ];

    /// The stable code of the kind (see [`Error::code`]).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::NotFinite => "not_finite",
            ErrorKind::OutOfRange => "out_of_range",
            ErrorKind::Empty => "empty",
            ErrorKind::LengthMismatch => "length_mismatch",
            ErrorKind::DivisionByZero => "division_by_zero",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Diverges => "diverges",
            ErrorKind::DidNotConverge => "did_not_converge",
        }
    }
}

impl Error {
    /// The error's kind: an exhaustive enum to `match` on outside this crate.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFinite { .. } => ErrorKind::NotFinite,
            Error::OutOfRange { .. } => ErrorKind::OutOfRange,
            Error::Empty { .. } => ErrorKind::Empty,
            Error::LengthMismatch { .. } => ErrorKind::LengthMismatch,
            Error::DivisionByZero { .. } => ErrorKind::DivisionByZero,
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::Diverges { .. } => ErrorKind::Diverges,
            Error::DidNotConverge { .. } => ErrorKind::DidNotConverge,
        }
    }

    /// A stable, machine-readable code: `not_finite`, `out_of_range`, `empty`,
    /// `length_mismatch`, `division_by_zero`, `invalid`, `diverges`, `did_not_converge`.
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// The last iterate and the iterations done of a fit that did not converge; `None` for the
    /// other kinds.
    pub fn last_iterate(&self) -> Option<(&[f64], u64)> {
        match self {
            Error::DidNotConverge { last, iterations, .. } => Some((last, *iterations)),
            _ => None,
        }
    }

    /// The location of the bad input, if the error has one.
    pub fn location(&self) -> Option<&Location> {
        located!(self, at => at)
    }

    /// The name of the bad input, if any.
    pub fn field(&self) -> Option<&str> {
        self.location().map(|l| l.field.as_str())
    }

    /// The index inside the bad array input, if any.
    pub fn index(&self) -> Option<usize> {
        self.location().and_then(|l| l.index)
    }

    /// The same error with its location's field renamed and index offset, for a function that
    /// validates a part of a larger input under another name.
    pub fn relocated(mut self, field: &str, offset: usize) -> Self {
        if let Some(at) = self.location_mut() {
            at.field = field.to_owned();
            at.index = at.index.map(|i| i + offset);
        }
        self
    }

    fn location_mut(&mut self) -> Option<&mut Location> {
        located!(self, at => at)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
