//! Conversions at the JS edge: option objects in, plain camelCase objects out, core errors as
//! thrown `Error`s carrying `code`, `field` and `index`.

use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
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

/// An options object (camelCase keys; `undefined` or `null` for all defaults). Unknown keys and
/// wrong types are `invalid` errors naming the `options` field.
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
    serde_wasm_bindgen::from_value(value).map_err(|e| invalid(e.to_string()))
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
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        error(custometrics::Error::Invalid {
            at: custometrics::Location::scalar(field),
            value: e.to_string(),
            expected: "the documented type".into(),
        })
    })
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
