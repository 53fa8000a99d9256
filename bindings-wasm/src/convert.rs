//! Conversions at the JS edge: option objects in, plain camelCase objects out, core errors as
//! thrown `Error`s carrying `code`, `field` and `index`.

use custometrics::{Error, Location};
use js_sys::{Array, Object, Reflect};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// The JS-facing result type: `Err` is thrown.
pub type JsResult<T = JsValue> = Result<T, JsValue>;

/// A core error as a JS `Error` named `CustometricsError` with `code`, `field`, `index`.
pub fn error(e: custometrics::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("CustometricsError");
    let obj: &JsValue = err.as_ref();
    // Reflect.set on a fresh Error object cannot fail.
    let _ = Reflect::set(obj, &"code".into(), &e.code().into());
    let _ = Reflect::set(obj, &"field".into(), &e.field().map_or(JsValue::NULL, JsValue::from));
    let _ = Reflect::set(obj, &"index".into(), &e.index().map_or(JsValue::NULL, |i| JsValue::from(i as f64)));
    if let custometrics::Error::DidNotConverge { last, iterations, .. } = &e {
        let last: Array = last.iter().map(|v| JsValue::from(*v)).collect();
        let _ = Reflect::set(obj, &"lastIterate".into(), &last);
        let _ = Reflect::set(obj, &"iterations".into(), &JsValue::from(*iterations as f64));
    }
    err.into()
}

/// Anything that becomes a thrown error.
pub trait OrThrow<T> {
    /// Maps the core error to a JS error.
    fn or_throw(self) -> JsResult<T>;
}

impl<T> OrThrow<T> for custometrics::Result<T> {
    fn or_throw(self) -> JsResult<T> {
        self.map_err(error)
    }
}

/// An options object (camelCase keys; `undefined` or `null` for all defaults). Unknown keys are
/// `invalid` errors naming the `options` field; a key whose value has the wrong type is an
/// `invalid` error naming that option (in the core's snake_case), in the library's words.
pub fn options<T: DeserializeOwned + Default>(value: Option<JsValue>) -> JsResult<T> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    let invalid = |value: String| {
        error(custometrics::Error::Invalid {
            at: custometrics::Location::scalar("options"),
            value,
            expected: format!(
                "an options object with the documented keys ({}) and types",
                field_names::<T>().join(", ")
            ),
        })
    };
    // serde_wasm_bindgen reads only the fields it knows, so a misspelt key would pass unseen.
    if let Some(obj) = value.dyn_ref::<Object>() {
        let known = field_names::<T>();
        for key in Object::keys(obj).iter().filter_map(|k| k.as_string()) {
            if !known.contains(&key.as_str()) {
                return Err(invalid(format!("{{ {key}: … }}")));
            }
        }
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|_| {
        // Which key is wrong: each alone in an object (every field has a default) until one fails.
        let obj = value.dyn_ref::<Object>();
        let entries = obj.map(Object::entries).map(|a| a.to_vec()).unwrap_or_default();
        for entry in entries {
            let pair = Array::from(&entry);
            let single = Object::new();
            let _ = Reflect::set(&single, &pair.get(0), &pair.get(1));
            if let Err(e) = serde_wasm_bindgen::from_value::<T>(single.into()) {
                let key = pair.get(0).as_string().unwrap_or_default();
                // An array option with a bad element: the input layer names the element.
                let is_array = Array::is_array(&pair.get(1)) || pair.get(1).is_instance_of::<js_sys::Float64Array>();
                if let (true, Err(e)) = (is_array, crate::input::numbers(&snake(&key), &pair.get(1))) {
                    return e;
                }
                return error(Error::Invalid {
                    at: Location::scalar(snake(&key)),
                    value: crate::input::show(&pair.get(1)),
                    expected: expected_in_words(&e.to_string()),
                });
            }
        }
        invalid(crate::input::show(&value))
    })
}

/// `nanPolicy` as the core names it: `nan_policy`.
fn snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for ch in camel.chars() {
        if ch.is_ascii_uppercase() {
            out.push('_');
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// What a serde error says was expected, in the words a JS caller uses (`f64` is a number).
fn expected_in_words(serde_message: &str) -> String {
    let want = serde_message.rsplit_once(", expected ").map_or("the documented type", |(_, w)| w).trim();
    let words = match want {
        "f64" | "f32" => "a number",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a whole number",
        "a boolean" => "true or false",
        "a string" | "a borrowed string" => "a string",
        "a sequence" => "an array",
        w if w.starts_with("a tuple of size ") => return format!("an array of {}", &w[16..]),
        w if w.starts_with("struct ") || w.starts_with("a map") => "an object",
        w => return w.to_owned(),
    };
    words.to_owned()
}

/// The field names a derived `Deserialize` struct asks for, camelCase as renamed. Found by
/// handing it a deserializer that only records what `deserialize_struct` is told.
fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{Deserializer, Visitor};
    struct Spy<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Spy<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("field names only"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
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

/// A plain argument (arrays of arrays, pairs) deserialised, or an `invalid` error naming it.
pub fn arg<T: DeserializeOwned>(field: &str, value: JsValue) -> JsResult<T> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
        error(custometrics::Error::Invalid {
            at: custometrics::Location::scalar(field),
            value: crate::input::show(&value),
            expected: expected_in_words(&e.to_string()),
        })
    })
}

/// The value of `key` in an options object read as it is (arrays, `Date`s, strings that serde
/// would not keep), `undefined` when there is no options object.
pub fn raw(opts: &Option<JsValue>, key: &str) -> JsResult<JsValue> {
    match opts {
        Some(o) if o.is_object() => Reflect::get(o, &key.into()),
        _ => Ok(JsValue::UNDEFINED),
    }
}

/// An array of records (plain objects with camelCase keys, such as cohorts), each checked for
/// unknown keys like an options object; errors name `field[i]`.
pub fn records<T: DeserializeOwned>(field: &str, value: JsValue) -> JsResult<Vec<T>> {
    if !Array::is_array(&value) {
        return Err(error(Error::Invalid {
            at: Location::scalar(field),
            value: show(&value),
            expected: "an array of objects".into(),
        }));
    }
    let known = field_names::<T>();
    let invalid = |i: usize, value: String| {
        error(Error::Invalid {
            at: Location::at(field, i),
            value,
            expected: format!("an object with the documented keys ({}) and types", known.join(", ")),
        })
    };
    Array::from(&value)
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if let Some(obj) = item.dyn_ref::<Object>() {
                for key in Object::keys(obj).iter().filter_map(|k| k.as_string()) {
                    if !known.contains(&key.as_str()) {
                        return Err(invalid(i, format!("{{ {key}: … }}")));
                    }
                }
            }
            serde_wasm_bindgen::from_value(item).map_err(|e| invalid(i, e.to_string()))
        })
        .collect()
}

/// A core result as a plain JS object with camelCase keys.
pub fn to_js<T: Serialize>(value: &T) -> JsResult {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(true);
    let plain = value.serialize(&ser).map_err(JsValue::from)?;
    Ok(camel_keys(plain))
}

/// Renames `snake_case` keys to `camelCase`, recursively (core structs serialise in Rust's
/// naming; JS callers expect theirs). Values, NaN included, pass through unchanged.
fn camel_keys(v: JsValue) -> JsValue {
    if Array::is_array(&v) {
        return Array::from(&v).iter().map(camel_keys).collect::<Array>().into();
    }
    match v.dyn_into::<Object>() {
        Ok(obj) if obj.is_instance_of::<Object>() && !obj.is_instance_of::<js_sys::Function>() => {
            let out = Object::new();
            for entry in Object::entries(&obj).iter() {
                let pair = Array::from(&entry);
                let key = pair.get(0).as_string().unwrap_or_default();
                let _ = Reflect::set(&out, &camel(&key).into(), &camel_keys(pair.get(1)));
            }
            out.into()
        }
        Ok(obj) => obj.into(),
        Err(v) => v,
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// A NaN policy from its scipy word (default `raise`).
pub fn nan_policy(word: Option<&str>) -> JsResult<custometrics::NanPolicy> {
    word.map_or(Ok(custometrics::NanPolicy::Raise), |w| custometrics::NanPolicy::parse(w).or_throw())
}

/// An amount of money as JS gives it: a number (read at the digits `String(x)` prints, so `0.1`
/// is exactly 0.1), a decimal string (`"12.50"`, exact) or a BigInt. NaN and infinities are
/// `not_finite`, anything else `invalid`, naming `field`.
pub fn money(field: &str, v: &JsValue) -> JsResult<Decimal> {
    money_at(Location::scalar(field), v).map_err(error)
}

fn money_at(at: Location, v: &JsValue) -> Result<Decimal, Error> {
    if let Some(x) = v.as_f64() {
        return custometrics::convert::money_from_f64(at, x);
    }
    if let Some(s) = v.as_string() {
        return custometrics::convert::parse_money(at, &s);
    }
    if v.is_bigint() {
        let text = js_sys::BigInt::from(v.clone()).to_string(10).map(String::from).unwrap_or_default();
        return custometrics::convert::parse_money(at, &text);
    }
    Err(Error::Invalid {
        at,
        value: show(v),
        expected: "an amount of money: a number, a decimal string or a BigInt".into(),
    })
}

pub use crate::input::show;

/// A money argument inside an options or cohort object.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub enum MoneyArg {
    /// A JS number.
    Number(f64),
    /// A decimal string.
    Text(String),
}

impl MoneyArg {
    /// The amount, the error naming `at`.
    pub fn decimal(&self, at: Location) -> JsResult<Decimal> {
        match self {
            MoneyArg::Number(x) => custometrics::convert::money_from_f64(at, *x),
            MoneyArg::Text(s) => custometrics::convert::parse_money(at, s),
        }
        .map_err(error)
    }
}

/// How money leaves: as an exact decimal string (the default) or as the nearest number.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum MoneyOut {
    /// `"266.66666666666666666666666667"`.
    #[default]
    String,
    /// `266.6666666666667`.
    Number,
}

impl MoneyOut {
    /// From the `money` option: `"string"` or `"number"`.
    pub fn parse(word: Option<&str>) -> JsResult<Self> {
        match word {
            None | Some("string") => Ok(Self::String),
            Some("number") => Ok(Self::Number),
            Some(other) => Err(error(Error::Invalid {
                at: Location::scalar("money"),
                value: format!("{other:?}"),
                expected: "one of \"string\", \"number\"".into(),
            })),
        }
    }
}

/// A core result whose strings are all money (the retention economics results) as a plain
/// object: decimal strings, or numbers (JS's correctly rounded `parseFloat` of those strings).
pub fn money_to_js<T: Serialize>(value: &T, out: MoneyOut) -> JsResult {
    let v = to_js(value)?;
    Ok(if out == MoneyOut::Number { strings_to_numbers(v) } else { v })
}

/// A money scalar in the chosen form.
pub fn money_value(d: Decimal, out: MoneyOut) -> JsValue {
    match out {
        MoneyOut::String => JsValue::from(d.to_string()),
        MoneyOut::Number => JsValue::from(js_sys::parse_float(&d.to_string())),
    }
}

fn strings_to_numbers(v: JsValue) -> JsValue {
    if let Some(s) = v.as_string() {
        return JsValue::from(js_sys::parse_float(&s));
    }
    if Array::is_array(&v) {
        return Array::from(&v).iter().map(strings_to_numbers).collect::<Array>().into();
    }
    match v.dyn_into::<Object>() {
        Ok(obj) => {
            for entry in Object::entries(&obj).iter() {
                let pair = Array::from(&entry);
                let _ = Reflect::set(&obj, &pair.get(0), &strings_to_numbers(pair.get(1)));
            }
            obj.into()
        }
        Err(v) => v,
    }
}

/// A count of periods from a JS number: an integer >= `min` (up to 2^53), naming `field`.
pub fn count(field: &str, x: f64, min: u64) -> JsResult<u64> {
    custometrics::convert::count(Location::scalar(field), x, min).map_err(error)
}

/// [`count`] for element `index` of an array input.
pub fn count_in(field: &str, index: usize, x: f64, min: u64) -> JsResult<u64> {
    custometrics::convert::count(Location::at(field, index), x, min).map_err(error)
}
