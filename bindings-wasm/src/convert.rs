//! Conversions at the JS edge: option objects in, plain camelCase objects out, core errors as
//! thrown `Error`s carrying `code`, `field` and `index`.

use custometrics::convert::NativeFloats;
use custometrics::{Error, ErrorKind, Location};
use js_sys::{Array, Object, Reflect};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// The JS-facing result type: `Err` is thrown.
pub type JsResult<T = JsValue> = Result<T, JsValue>;

/// A core error as a JS `Error` named `CustometricsError` with `code`, `field`, `index`, and for
/// a fit that did not converge `lastIterate` and `iterations`. Every kind is matched, with no
/// fallback: a new kind in the core does not compile here until it is mapped.
pub fn error(e: custometrics::Error) -> JsValue {
    let err = js_sys::Error::new(&crate::input::missing_message(&e).unwrap_or_else(|| e.to_string()));
    err.set_name("CustometricsError");
    let obj: &JsValue = err.as_ref();
    let set = |key: &str, value: &JsValue| {
        // Reflect.set on a fresh Error object cannot fail.
        let _ = Reflect::set(obj, &key.into(), value);
    };
    set("code", &e.code().into());
    set("field", &e.field().map_or(JsValue::NULL, JsValue::from));
    set("index", &e.index().map_or(JsValue::NULL, |i| JsValue::from(i as f64)));
    match e.kind() {
        ErrorKind::NotFinite
        | ErrorKind::OutOfRange
        | ErrorKind::Empty
        | ErrorKind::LengthMismatch
        | ErrorKind::DivisionByZero
        | ErrorKind::Invalid
        | ErrorKind::Diverges => {}
        ErrorKind::DidNotConverge => {
            if let Some((last, iterations)) = e.last_iterate() {
                set("lastIterate", &last.iter().map(|v| JsValue::from(*v)).collect::<Array>());
                set("iterations", &JsValue::from(iterations as f64));
            }
        }
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

/// An options object read straight into the core's options type `T` (whose `Default` holds
/// every default): each field `snake_case` of `T` is the key `camelCase` in JS. `undefined` or
/// `null` for the whole object, or for one key, means the core's default.
///
/// A key that is not documented is an `invalid` error naming `options` and listing the keys; a
/// key whose value has the wrong type is an error naming that option (in the core's snake_case)
/// in the library's words: a non-integer where the core counts is `out_of_range`, NaN there
/// `not_finite`, a bad array element is named by its index as the input layer names it.
pub fn options<T: DeserializeOwned + Default>(value: Option<JsValue>) -> JsResult<T> {
    options_with(value, &[]).map(|(o, _)| o)
}

/// [`options`] with keys the binding reads itself, `(key, core field)`: arrays read by the input
/// layer, times, money, a scale given as a pair. A key that stands for a core field (the field
/// name, or `""` for none) replaces it, so the core's name is not accepted as a key besides;
/// `("", field)` hides a core field the function does not take.
pub fn options_with<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    raw: &[(&'static str, &'static str)],
) -> JsResult<(T, Raw)> {
    let Some(given) = keys_checked(value, custometrics::convert::field_names::<T>(), raw)? else {
        return Ok((T::default(), Raw(Vec::new())));
    };
    match serde_wasm_bindgen::from_value::<T>(given.core.clone().into()) {
        Ok(o) => Ok((o, given.raw)),
        Err(_) => Err(given.which_failed(&|one| serde_wasm_bindgen::from_value::<T>(one).err().map(|e| e.to_string()))),
    }
}

/// An options object whose keys [`keys_checked`] found documented: the core's fields under
/// their own names, the keys the binding reads itself, and what is needed to word an error.
/// The part of [`options_with`] that does not depend on the options type, compiled once (the
/// module's size: one instance per type was 16 KB of the .wasm).
struct Given {
    core: Object,
    raw: Raw,
    value: JsValue,
    keys: Vec<String>,
}

/// The keys of `value` checked against the core `fields` and the `raw` keys (see
/// [`options_with`]); `None` for no options object.
fn keys_checked(
    value: Option<JsValue>,
    fields: &[&str],
    raw: &[(&'static str, &'static str)],
) -> JsResult<Option<Given>> {
    let mut keys: Vec<String> =
        fields.iter().filter(|f| !raw.iter().any(|(_, field)| field == *f)).map(|f| camel(f)).collect();
    keys.extend(raw.iter().filter(|(key, _)| !key.is_empty()).map(|(key, _)| (*key).to_owned()));
    let mut read = Raw(Vec::new());
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(None);
    };
    let Some(obj) = value.dyn_ref::<Object>().filter(|_| !Array::is_array(&value)) else {
        return Err(invalid_options(&keys, show(&value)));
    };
    // serde_wasm_bindgen reads only the fields it knows, so a misspelt key would pass unseen: the
    // keys are checked here, and the known ones copied under the core's names.
    let core = Object::new();
    for entry in Object::entries(obj).iter() {
        let pair = Array::from(&entry);
        let (key, v) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
        if let Some((key, _)) = raw.iter().find(|(k, _)| !k.is_empty() && *k == key) {
            read.0.push((key, v));
        } else if !keys.contains(&key) {
            return Err(invalid_options(&keys, format!("{{ {key}: … }}")));
        } else if !v.is_undefined() && !v.is_null() {
            let _ = Reflect::set(&core, &snake(&key).into(), &v);
        }
    }
    Ok(Some(Given { core, raw: read, value, keys }))
}

impl Given {
    /// The error for options that did not deserialise: which key is wrong, found by reading each
    /// alone in an object (every field has a default) with `read` until one fails.
    fn which_failed(&self, read: &dyn Fn(JsValue) -> Option<String>) -> JsValue {
        Object::entries(&self.core)
            .iter()
            .find_map(|entry| {
                let pair = Array::from(&entry);
                let single = Object::new();
                let _ = Reflect::set(&single, &pair.get(0), &pair.get(1));
                let e = read(single.into())?;
                Some(option_error(&pair.get(0).as_string().unwrap_or_default(), &pair.get(1), &e))
            })
            .unwrap_or_else(|| invalid_options(&self.keys, show(&self.value)))
    }
}

/// The error for an options object that is not one, or has a key not among `keys`.
fn invalid_options(keys: &[String], value: String) -> JsValue {
    error(Error::Invalid {
        at: Location::scalar("options"),
        value,
        expected: format!("an options object with the documented keys ({}) and types", keys.join(", ")),
    })
}

/// The core type of an options object whose keys the binding reads all by itself.
#[derive(Deserialize, Default)]
pub struct NoOptions {}

/// The values of the keys an options object hands to the binding as they are (see
/// [`options_with`]).
pub struct Raw(Vec<(&'static str, JsValue)>);

impl Raw {
    /// The value of `key`, `undefined` when it is absent.
    pub fn get(&self, key: &str) -> JsValue {
        self.0.iter().find(|(k, _)| *k == key).map_or(JsValue::UNDEFINED, |(_, v)| v.clone())
    }

    /// The value of `key`, `None` when it is absent, `undefined` or `null`.
    pub fn given(&self, key: &str) -> Option<JsValue> {
        Some(self.get(key)).filter(|v| !v.is_undefined() && !v.is_null())
    }

    /// The `money` option: how money leaves.
    pub fn money(&self) -> JsResult<MoneyOut> {
        MoneyOut::parse(&self.get("money"))
    }
}

/// The error for option `field` (the core's name) whose value `v` did not deserialise, serde
/// having said `message`.
fn option_error(field: &str, v: &JsValue, message: &str) -> JsValue {
    let want = serde_expected(message);
    // An array option with a bad element: the input layer names the element.
    if (Array::is_array(v) || v.is_instance_of::<js_sys::Float64Array>())
        && let Err(e) = crate::input::numbers(field, v)
    {
        return e;
    }
    let at = Location::scalar(field);
    match (v.as_f64(), integer_range(want)) {
        (Some(x), Some(_)) if !x.is_finite() => error(Error::NotFinite { at, value: x }),
        (Some(x), Some(range)) => error(Error::OutOfRange { at, value: x, expected: range.into() }),
        _ => error(Error::Invalid { at, value: show(v), expected: expected_in_words(message) }),
    }
}

/// What serde says was expected, from its message.
fn serde_expected(message: &str) -> &str {
    message.rsplit_once(", expected ").map_or("", |(_, w)| w).trim()
}

/// The integers an unsigned Rust type holds, in words; `None` for other types.
fn integer_range(rust_type: &str) -> Option<&'static str> {
    match rust_type {
        "u8" => Some("the integers 0..=255"),
        "u16" => Some("the integers 0..=65535"),
        "u32" => Some("the integers 0..=4294967295"),
        "u64" | "usize" => Some("the integers 0, 1, 2, …"),
        _ => None,
    }
}

/// `nanPolicy` as the core names it: `nan_policy`.
pub fn snake(camel: &str) -> String {
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
    let want = Some(serde_expected(serde_message)).filter(|w| !w.is_empty()).unwrap_or("the documented type");
    let words = match want {
        "f64" | "f32" => "a number",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a whole number",
        "a boolean" => "true or false",
        "a string" | "a borrowed string" => "a string",
        "a sequence" => "an array",
        w if w.starts_with("a tuple of size ") => return format!("an array of {}", &w[16..]),
        w if w.starts_with("struct ") || w.starts_with("a map") => "an object",
        w => return w.replace('`', "\""),
    };
    words.to_owned()
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
    let known = custometrics::convert::field_names::<T>();
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

/// A core result as a plain JS object with camelCase keys. Through [`NativeFloats`]:
/// serde-wasm-bindgen reports a human-readable format, for which the core writes NaN and the
/// infinities as the strings "NaN", "inf", "-inf" (JSON has no numbers for them); JS has, so they
/// stay numbers.
pub fn to_js<T: Serialize>(value: &T) -> JsResult {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(true);
    let plain = NativeFloats(value).serialize(&ser).map_err(JsValue::from)?;
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
    /// From the `money` option: `"string"` (or absent) or `"number"`.
    pub fn parse(word: &JsValue) -> JsResult<Self> {
        match word.as_string().as_deref() {
            _ if word.is_undefined() || word.is_null() => Ok(Self::String),
            Some("string") => Ok(Self::String),
            Some("number") => Ok(Self::Number),
            _ => Err(error(Error::Invalid {
                at: Location::scalar("money"),
                value: show(word),
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
