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
/// let err = nps(&[10.0, 11.0], &Default::default()).unwrap_err();
/// assert_eq!(err.code(), "out_of_range");
/// assert_eq!(err.to_string(), "scores[1] = 11 is outside the NPS scale: an integer in 0..=10");
/// ```
///
/// It serialises flat, as a service answers it: `code` (the same string as [`Error::code`]),
/// `field` and `index` (`null` when the error has none), `message` (its `Display`), then the
/// variant's own fields (`value`, `expected`, `len`, …). A value that is not finite is the
/// string `"NaN"`, `"inf"` or `"-inf"`, so that it reads back; reading ignores `message`.
///
/// ```
/// use custometrics::satisfaction::nps;
/// let err = nps(&[10.0, 11.0], &Default::default()).unwrap_err();
/// let json = serde_json::to_value(&err).unwrap();
/// assert_eq!(json["code"], "out_of_range");
/// assert_eq!((json["field"].as_str(), json["index"].as_u64()), (Some("scores"), Some(1)));
/// assert_eq!(json["message"], err.to_string());
/// assert_eq!(serde_json::from_value::<custometrics::Error>(json).unwrap(), err);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(into = "Wire", try_from = "Wire")]
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

/// A number of an [`Error`] on the wire, by the crate's convention for non-finite values.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Num(#[serde(with = "crate::float_serde")] f64);

/// A value on the wire: a number, or text (the value of `invalid`, or a non-finite number).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum WireValue {
    Number(f64),
    Text(String),
}

/// The flat form of an [`Error`] (see its documentation).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Wire {
    code: String,
    field: Option<String>,
    index: Option<usize>,
    #[serde(default)]
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<WireValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    other: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    other_len: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    iterations: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last: Option<Vec<Num>>,
}

/// A number on the wire: finite as a number, otherwise its conventional string.
fn number(x: f64) -> Option<WireValue> {
    Some(if x.is_finite() {
        WireValue::Number(x)
    } else {
        WireValue::Text(
            if x.is_nan() {
                "NaN"
            } else if x > 0.0 {
                "inf"
            } else {
                "-inf"
            }
            .to_owned(),
        )
    })
}

impl From<Error> for Wire {
    fn from(e: Error) -> Self {
        let mut w = Wire {
            code: e.code().to_owned(),
            field: e.field().map(str::to_owned),
            index: e.index(),
            message: e.to_string(),
            ..Wire::default()
        };
        match e {
            Error::NotFinite { value, .. } => w.value = number(value),
            Error::OutOfRange { value, expected, .. } => (w.value, w.expected) = (number(value), Some(expected)),
            Error::Empty { len, min, .. } => (w.len, w.min) = (Some(len), Some(min)),
            Error::LengthMismatch { len, other, other_len, .. } => {
                (w.len, w.other, w.other_len) = (Some(len), Some(other), Some(other_len));
            }
            Error::DivisionByZero { value, reason, .. } | Error::Diverges { value, reason, .. } => {
                (w.value, w.reason) = (number(value), Some(reason));
            }
            Error::Invalid { value, expected, .. } => {
                (w.value, w.expected) = (Some(WireValue::Text(value)), Some(expected));
            }
            Error::DidNotConverge { model, iterations, last } => {
                w.model = Some(model);
                w.iterations = Some(iterations);
                w.last = Some(last.into_iter().map(Num).collect());
            }
        }
        w
    }
}

impl TryFrom<Wire> for Error {
    type Error = String;

    fn try_from(w: Wire) -> std::result::Result<Self, String> {
        fn need<T>(x: Option<T>, name: &str) -> std::result::Result<T, String> {
            x.ok_or_else(|| format!("missing field `{name}`"))
        }
        let num = |v: Option<WireValue>| -> std::result::Result<f64, String> {
            match need(v, "value")? {
                WireValue::Number(x) => Ok(x),
                WireValue::Text(t) => match t.as_str() {
                    "NaN" => Ok(f64::NAN),
                    "inf" => Ok(f64::INFINITY),
                    "-inf" => Ok(f64::NEG_INFINITY),
                    _ => Err(format!("`value` {t:?} is not a number")),
                },
            }
        };
        let at = || -> std::result::Result<Location, String> {
            Ok(Location { field: need(w.field.clone(), "field")?, index: w.index })
        };
        Ok(match w.code.as_str() {
            "not_finite" => Error::NotFinite { at: at()?, value: num(w.value)? },
            "out_of_range" => {
                Error::OutOfRange { at: at()?, value: num(w.value)?, expected: need(w.expected, "expected")? }
            }
            "empty" => Error::Empty { at: at()?, len: need(w.len, "len")?, min: need(w.min, "min")? },
            "length_mismatch" => Error::LengthMismatch {
                at: at()?,
                len: need(w.len, "len")?,
                other: need(w.other, "other")?,
                other_len: need(w.other_len, "other_len")?,
            },
            "division_by_zero" => {
                Error::DivisionByZero { at: at()?, value: num(w.value)?, reason: need(w.reason, "reason")? }
            }
            "diverges" => Error::Diverges { at: at()?, value: num(w.value)?, reason: need(w.reason, "reason")? },
            "invalid" => {
                let value = match need(w.value, "value")? {
                    WireValue::Text(t) => t,
                    WireValue::Number(x) => x.to_string(),
                };
                Error::Invalid { at: at()?, value, expected: need(w.expected, "expected")? }
            }
            "did_not_converge" => Error::DidNotConverge {
                model: need(w.model, "model")?,
                iterations: need(w.iterations, "iterations")?,
                last: need(w.last, "last")?.into_iter().map(|n| n.0).collect(),
            },
            other => return Err(format!("unknown error code {other:?}")),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod serde_tests {
    use super::*;

    /// Every kind serialises with its code, field, index and message, and reads back equal
    /// (non-finite values included, NaN compared by its kind).
    #[test]
    fn every_kind_round_trips_through_json() {
        let at = Location::at("scores", 3);
        let errors = [
            Error::NotFinite { at: at.clone(), value: f64::NEG_INFINITY },
            Error::OutOfRange { at: at.clone(), value: 11.0, expected: "0..=10".into() },
            Error::Empty { at: Location::scalar("scores"), len: 0, min: 1 },
            Error::LengthMismatch { at: at.clone(), len: 2, other: "weights".into(), other_len: 3 },
            Error::DivisionByZero { at: at.clone(), value: 0.0, reason: "r".into() },
            Error::Invalid { at: at.clone(), value: "NaN".into(), expected: "a label".into() },
            Error::Diverges { at: Location::scalar("horizon"), value: f64::INFINITY, reason: "r".into() },
            Error::DidNotConverge { model: "BG/NBD".into(), iterations: 7, last: vec![1.0, f64::INFINITY] },
        ];
        assert_eq!(errors.len(), ErrorKind::ALL.len());
        for e in errors {
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["code"], e.code());
            assert_eq!(json["field"].as_str(), e.field());
            assert_eq!(json["index"].as_u64(), e.index().map(|i| i as u64));
            assert_eq!(json["message"], e.to_string());
            let back: Error = serde_json::from_str(&json.to_string()).unwrap();
            assert_eq!(back, e, "{json}");
        }
        let nan = Error::NotFinite { at, value: f64::NAN };
        let json = serde_json::to_string(&nan).unwrap();
        assert!(json.contains(r#""value":"NaN""#), "{json}");
        let back: Error = serde_json::from_str(&json).unwrap();
        assert!(matches!(back, Error::NotFinite { value, .. } if value.is_nan()));
    }

    #[test]
    fn unknown_codes_and_missing_fields_are_refused() {
        assert!(serde_json::from_str::<Error>(r#"{"code":"oops","field":"x","index":null}"#).is_err());
        assert!(serde_json::from_str::<Error>(r#"{"code":"empty","field":"x","index":null,"len":0}"#).is_err());
        assert!(
            serde_json::from_str::<Error>(r#"{"code":"not_finite","field":"x","index":null,"value":"big"}"#).is_err()
        );
    }
}
