//! Numbers as callers hand them over — an `f64` or a decimal string where money is meant, an
//! `f64` where a whole count or a tier label is meant — turned into the core's types, with the
//! error naming where the value came from. The Python and JS bindings both use these, so every
//! language accepts and refuses the same inputs.

use crate::error::{Error, Location, Result};
use rust_decimal::Decimal;
use std::str::FromStr;

pub use crate::float_serde::NativeFloats;

const DECIMAL_RANGE: &str = "the amounts a Decimal can hold (|x| < 7.9e28)";

/// Money from an `f64`: the shortest decimal that reads back as `x` (so `0.1` is exactly 0.1,
/// the same rule the core applies to rates).
///
/// ```
/// use custometrics::{Location, convert::money_from_f64};
/// assert_eq!(money_from_f64(Location::scalar("margin"), 0.1).unwrap().to_string(), "0.1");
/// assert_eq!(money_from_f64(Location::scalar("margin"), f64::NAN).unwrap_err().code(), "not_finite");
/// ```
///
/// # Errors
/// `not_finite` for NaN/±inf, `out_of_range` beyond what a `Decimal` holds.
pub fn money_from_f64(at: Location, x: f64) -> Result<Decimal> {
    if !x.is_finite() {
        return Err(Error::NotFinite { at, value: x });
    }
    let too_big = |at: Location| Error::OutOfRange { at, value: x, expected: DECIMAL_RANGE.into() };
    if x.abs() >= 7.9e28 {
        return Err(too_big(at));
    }
    Decimal::from_str(&format!("{x}")).map_err(|_| too_big(at))
}

/// Money from a decimal string: `"12.50"`, `"-3"`, `"1.5e3"`.
///
/// ```
/// use custometrics::{Location, convert::parse_money};
/// assert_eq!(parse_money(Location::scalar("margin"), " 12.50 ").unwrap().to_string(), "12.50");
/// assert_eq!(parse_money(Location::scalar("margin"), "-Infinity").unwrap_err().code(), "not_finite");
/// assert_eq!(parse_money(Location::scalar("margin"), "twelve").unwrap_err().code(), "invalid");
/// ```
///
/// # Errors
/// `not_finite` for spellings of NaN or infinity, `out_of_range` for a number too large for a
/// `Decimal`, `invalid` for anything that is not a number.
pub fn parse_money(at: Location, s: &str) -> Result<Decimal> {
    let t = s.trim();
    if let Ok(d) = Decimal::from_str(t).or_else(|_| Decimal::from_scientific(t)) {
        return Ok(d);
    }
    let lower = t.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        let value = if lower.contains("nan") {
            f64::NAN
        } else if lower.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Err(Error::NotFinite { at, value });
    }
    match t.parse::<f64>() {
        // a number, but not one a Decimal holds ("1e40")
        Ok(x) => Err(Error::OutOfRange { at, value: x, expected: DECIMAL_RANGE.into() }),
        Err(_) => {
            Err(Error::Invalid { at, value: format!("{s:?}"), expected: "a decimal number such as \"12.50\"".into() })
        }
    }
}

/// A whole count of at least `min` (up to 2⁵³, where every integer is exact in an `f64`).
///
/// ```
/// use custometrics::{Location, convert::count};
/// assert_eq!(count(Location::scalar("horizon"), 12.0, 1).unwrap(), 12);
/// assert_eq!(count(Location::scalar("horizon"), 1.5, 1).unwrap_err().code(), "out_of_range");
/// ```
///
/// # Errors
/// `not_finite`, or `out_of_range` for a fraction, a value below `min` or above 2⁵³.
pub fn count(at: Location, x: f64, min: u64) -> Result<u64> {
    if !x.is_finite() {
        return Err(Error::NotFinite { at, value: x });
    }
    if x.fract() != 0.0 || x < min as f64 || x > 9_007_199_254_740_992.0 {
        let expected = if min == 0 { "the integers 0, 1, 2, …" } else { "the integers 1, 2, 3, …" };
        return Err(Error::OutOfRange { at, value: x, expected: expected.into() });
    }
    Ok(x as u64)
}

/// Whole-number tier labels (0 = the top tier) from floats; the tier functions then check them
/// against the number of tiers.
///
/// ```
/// use custometrics::convert::tier_labels;
/// assert_eq!(tier_labels("tiers", &[0.0, 2.0]).unwrap(), vec![0, 2]);
/// assert_eq!(tier_labels("tiers", &[0.0, 0.5]).unwrap_err().index(), Some(1));
/// ```
///
/// # Errors
/// `not_finite`, or `out_of_range` for a fraction or a value beyond ±9.2e18, naming the index.
pub fn tier_labels(field: &str, v: &[f64]) -> Result<Vec<i64>> {
    v.iter()
        .enumerate()
        .map(|(i, &x)| {
            if !x.is_finite() {
                Err(Error::NotFinite { at: Location::at(field, i), value: x })
            } else if x.fract() == 0.0 && x.abs() < 9.2e18 {
                Ok(x as i64)
            } else {
                Err(Error::OutOfRange {
                    at: Location::at(field, i),
                    value: x,
                    expected: "integer tier labels (0 = the top tier)".into(),
                })
            }
        })
        .collect()
}

/// The field names a derived `Deserialize` struct reads (renamed as its serde attributes say), so
/// a binding can refuse a key that no field reads instead of dropping it unseen (serde ignores
/// unknown keys). Found by handing `T` a deserializer that only records what
/// `deserialize_struct` is told; a type that is not a struct has none.
///
/// ```
/// use custometrics::convert::field_names;
/// use custometrics::satisfaction::NpsOptions;
/// assert_eq!(field_names::<NpsOptions>(), ["confidence", "nan_policy", "method", "prior", "threshold", "resamples", "seed"]);
/// assert!(field_names::<f64>().is_empty());
/// ```
pub fn field_names<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{Deserializer, Visitor};
    struct Spy<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Spy<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> std::result::Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("field names only"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> std::result::Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(serde::de::Error::custom("field names only"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
            unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Spy(&mut fields));
    fields
}

macro_rules! option_defaults {
    ($(#[$doc:meta])* $($name:ident: $ty:ty),* $(,)?) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
        #[allow(non_snake_case)]
        pub struct OptionDefaults {
            $(
                #[doc = concat!("The defaults of `", stringify!($name), "`.")]
                pub $name: $ty,
            )*
        }
    };
}

option_defaults! {
    /// Every options type of the library with its `Default`, by type name: the one place the
    /// defaults are, serialised for the bindings, which export it (Python's
    /// `_native.option_defaults()`, JS's `optionDefaults()`) so that their tests compare the defaults
    /// their signatures and declarations show with these.
    ///
    /// ```
    /// let d = serde_json::to_value(custometrics::convert::OptionDefaults::default()).unwrap();
    /// assert_eq!(d["NpsOptions"]["confidence"], 0.95);
    /// assert_eq!(d["ClvOptions"]["timing"], "end");
    /// ```
    NpsOptions: crate::satisfaction::NpsOptions,
    CsatOptions: crate::satisfaction::CsatOptions,
    RateOptions: crate::satisfaction::RateOptions,
    RakeOptions: crate::satisfaction::RakeOptions,
    DisconfirmationOptions: crate::satisfaction::DisconfirmationOptions,
    ServqualOptions: crate::satisfaction::ServqualOptions,
    CsiOptions: crate::satisfaction::CsiOptions,
    MeanOptions: crate::satisfaction::MeanOptions,
    IpaOptions: crate::satisfaction::IpaOptions,
    KeyDriversOptions: crate::satisfaction::KeyDriversOptions,
    IcebergShares: crate::satisfaction::IcebergShares,
    SurveyOptions: crate::satisfaction::SurveyOptions,
    TrustOptions: crate::trust::TrustOptions,
    DickBasuOptions: crate::loyalty::DickBasuOptions,
    JonesSasserOptions: crate::loyalty::JonesSasserOptions,
    AbcOptions: crate::tiers::AbcOptions,
    CurryOptions: crate::tiers::CurryOptions,
    QuantileOptions: crate::tiers::QuantileOptions,
    RfmOptions: crate::tiers::RfmOptions,
    LorenzOptions: crate::tiers::LorenzOptions,
    ProjectOptions: crate::tiers::ProjectOptions,
    MarkovClvOptions: crate::tiers::MarkovClvOptions,
    ClvOptions: crate::retention::ClvOptions,
    SummaryOptions: crate::retention::SummaryOptions,
    FitOptions: crate::retention::FitOptions,
    ModelClvOptions: crate::retention::models::ModelClvOptions,
    OrientationOptions: crate::assessment::OrientationOptions,
    ExcellenceOptions: crate::assessment::ExcellenceOptions,
    DecisionOptions: crate::assessment::DecisionOptions,
    AhpOptions: crate::assessment::AhpOptions,
}
