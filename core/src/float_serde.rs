//! The serde convention for numbers that may not be finite: a finite `f64` is a number, NaN and
//! the infinities are the strings `"NaN"`, `"inf"` and `"-inf"` in human-readable formats (JSON
//! has no literal for them: serde_json writes them as `null`, which reads back as nothing), and
//! plain `f64` in binary formats. Reading accepts a number or one of those three strings and
//! nothing else (`null` stays an error: it could have been any of the three).
//!
//! Where it applies: every `f64` the crate serialises — each field of a result, an options type,
//! a model's parameters, an input type such as a `Summary`, and the value of an
//! [`Error`](crate::Error) — alone or in an `Option`, a `Vec`, an array or a cells struct. So a
//! NaN result reads back as NaN, and a `"NaN"` in options JSON reaches the options' validation
//! (a `not_finite` error naming the field) instead of failing as a type error. A finite number is
//! written exactly as serde writes an `f64`, so ordinary output does not change. The bindings
//! serialise their results through [`crate::convert::NativeFloats`], which reports a binary
//! format, so Python and JavaScript get their own float NaN, not the strings.
//!
//! Written here rather than taken from `serde_with`: it has no adapter for this convention (its
//! `DisplayFromStr` turns every number into a string, and `PickFirst` writes by its first
//! format, `null` for NaN). Its `#[serde_as]`/`apply` macros would save the shape submodules
//! below (a few lines each over one newtype), at the cost of a proc-macro dependency (darling)
//! and, for `apply`, silently skipping a field of a shape not listed.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer, ser};
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

/// An `f64` that serialises by the convention, for the shapes below and the cells structs.
#[derive(Clone, Copy)]
pub(crate) struct Float(pub(crate) f64);

impl Serialize for Float {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Float {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d).map(Float)
    }
}

/// `Option<f64>`: `None` is `null`, as before.
pub(crate) mod option {
    use super::Float;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[allow(clippy::ref_option)] // the signature serde's `with` calls
    pub(crate) fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        x.map(Float).serialize(s)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Ok(Option::<Float>::deserialize(d)?.map(|x| x.0))
    }
}

/// `Vec<f64>`.
pub(crate) mod vec {
    use super::Float;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|&x| Float(x)))
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Float>::deserialize(d)?.into_iter().map(|x| x.0).collect())
    }
}

/// `Option<Vec<f64>>`.
pub(crate) mod option_vec {
    use super::Float;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[allow(clippy::ref_option)] // the signature serde's `with` calls
    pub(crate) fn serialize<S: Serializer>(v: &Option<Vec<f64>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_deref().map(|v| v.iter().map(|&x| Float(x)).collect::<Vec<_>>()).serialize(s)
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
        Ok(Option::<Vec<Float>>::deserialize(d)?.map(|v| v.into_iter().map(|x| x.0).collect()))
    }
}

/// `Vec<Vec<f64>>` (rows of a matrix).
pub(crate) mod vec_vec {
    use super::Float;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(rows: &[Vec<f64>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(rows.iter().map(|r| r.iter().map(|&x| Float(x)).collect::<Vec<_>>()))
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
        let rows = Vec::<Vec<Float>>::deserialize(d)?;
        Ok(rows.into_iter().map(|r| r.into_iter().map(|x| x.0).collect()).collect())
    }
}

/// `[f64; N]`, as serde writes an array (a tuple of `N`).
pub(crate) mod array {
    use super::Float;
    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::ser::{SerializeTuple, Serializer};
    use std::fmt;

    pub(crate) fn serialize<S: Serializer, const N: usize>(a: &[f64; N], s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(N)?;
        for &x in a {
            t.serialize_element(&Float(x))?;
        }
        t.end()
    }
    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(d: D) -> Result<[f64; N], D::Error> {
        d.deserialize_tuple(N, ArrayVisitor::<N>)
    }

    struct ArrayVisitor<const N: usize>;

    impl<'de, const N: usize> Visitor<'de> for ArrayVisitor<N> {
        type Value = [f64; N];

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an array of {N} numbers")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[f64; N], A::Error> {
            let mut out = [0.0; N];
            for (i, slot) in out.iter_mut().enumerate() {
                *slot = seq.next_element::<Float>()?.ok_or_else(|| de::Error::invalid_length(i, &self))?.0;
            }
            Ok(out)
        }
    }
}

/// `value` serialised as by a format that is not human-readable, whatever the serializer says:
/// NaN and the infinities stay `f64` (and nothing else changes: no other type the crate
/// serialises asks). For the bindings, whose serializers (pythonize, serde-wasm-bindgen) report
/// human-readable but build Python and JS values, where a float NaN is the natural NaN.
///
/// ```
/// use custometrics::convert::NativeFloats;
/// use custometrics::satisfaction::IcebergShares;
/// let s = IcebergShares { formal: f64::NAN, voiced: 0.35, silent: 0.6 };
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"formal":"NaN","voiced":0.35,"silent":0.6}"#);
/// // through the wrapper a plain f64, which JSON can only write as null
/// let plain = serde_json::to_string(&NativeFloats(&s)).unwrap();
/// assert_eq!(plain, r#"{"formal":null,"voiced":0.35,"silent":0.6}"#);
/// ```
pub struct NativeFloats<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for NativeFloats<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Compact(s))
    }
}

/// A serializer, or one of its compound states, that forwards everything to the one it wraps
/// but reports a binary format, and wraps every nested value so the report reaches it too.
struct Compact<S>(S);

/// Forwards the plain `serialize_*` methods of a [`Serializer`].
macro_rules! forward {
    ($($f:ident($t:ty)),* $(,)?) => {
        $(fn $f(self, v: $t) -> Result<S::Ok, S::Error> { self.0.$f(v) })*
    };
}

impl<S: Serializer> Serializer for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Compact<S::SerializeSeq>;
    type SerializeTuple = Compact<S::SerializeTuple>;
    type SerializeTupleStruct = Compact<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Compact<S::SerializeTupleVariant>;
    type SerializeMap = Compact<S::SerializeMap>;
    type SerializeStruct = Compact<S::SerializeStruct>;
    type SerializeStructVariant = Compact<S::SerializeStructVariant>;

    fn is_human_readable(&self) -> bool {
        false
    }

    forward!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    );

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&NativeFloats(v))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_variant(self, name: &'static str, i: u32, variant: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, i, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, v: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &NativeFloats(v))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        i: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_variant(name, i, variant, &NativeFloats(v))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Compact)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Compact)
    }
    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Compact)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0.serialize_tuple_variant(name, i, variant, len).map(Compact)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Compact)
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Compact)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0.serialize_struct_variant(name, i, variant, len).map(Compact)
    }
}

impl<S: ser::SerializeSeq> ser::SerializeSeq for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&NativeFloats(v))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTuple> ser::SerializeTuple for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&NativeFloats(v))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTupleStruct> ser::SerializeTupleStruct for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&NativeFloats(v))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeTupleVariant> ser::SerializeTupleVariant for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_field(&NativeFloats(v))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeMap> ser::SerializeMap for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), S::Error> {
        self.0.serialize_key(&NativeFloats(k))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&NativeFloats(v))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeStruct> ser::SerializeStruct for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), S::Error> {
        self.0.serialize_field(key, &NativeFloats(v))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeStructVariant> ser::SerializeStructVariant for Compact<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), S::Error> {
        self.0.serialize_field(key, &NativeFloats(v))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
        self.0.skip_field(key)
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}
