//! The npm package `custometrics`: thin wasm-bindgen wrappers over the core, one file per core
//! module. Every array and number argument is read by `input.rs` (typed arrays, Arrays,
//! iterables; null and undefined as missing values), options as objects with camelCase keys;
//! results leave as plain camelCase objects; a core error is thrown as an `Error` with `code`,
//! `field`, `index`.

mod assessment;
mod convert;
mod input;
mod loyalty;
mod retention;
mod satisfaction;
mod tiers;
mod trust;
mod types;
