//! The serde convention for numbers that may not be finite: a finite `f64` is a number, NaN and
//! the infinities are the strings `"NaN"`, `"inf"` and `"-inf"` in human-readable formats (JSON
//! has no literal for them: serde_json writes them as `null`, which reads back as nothing), and
//! plain `f64` in binary formats. Reading accepts a number or one of those three strings and
//! nothing else (`null` stays an error: it could have been any of the three).
//!
//! Used where a serialised value may be non-finite: the value of an [`Error`](crate::Error).

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

/// `x` by the convention.
pub(crate) fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    let x = *x;
    if x.is_finite() || !s.is_human_readable() {
        s.serialize_f64(x)
    } else if x.is_nan() {
        s.serialize_str("NaN")
    } else if x > 0.0 {
        s.serialize_str("inf")
    } else {
        s.serialize_str("-inf")
    }
}

/// An `f64` by the convention.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(FloatVisitor)
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a number, "NaN", "inf" or "-inf""#)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    #[allow(clippy::cast_precision_loss)] // the nearest f64, as serde_json reads a large integer
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "inf" => Ok(f64::INFINITY),
            "-inf" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}
