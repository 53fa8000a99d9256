//! The npm package `custometrics`: thin wasm-bindgen wrappers over the core, one file per core
//! module. Every array and number argument is read by `input.rs` (typed arrays, Arrays,
//! iterables; null and undefined as missing values), options as objects with camelCase keys;
//! results leave as plain camelCase objects; a core error is thrown as an `Error` with `code`,
//! `field`, `index`.
//!
//! Without the default feature `full`, only the survey measures are built (satisfaction, trust
//! and the shared types): the npm package's light entry `custometrics/survey`. The conversion
//! helpers that only the other modules call are then unused, which is expected.
#![cfg_attr(not(feature = "full"), allow(dead_code))]

#[cfg(feature = "full")]
mod assessment;
mod convert;
mod input;
#[cfg(feature = "full")]
mod loyalty;
#[cfg(feature = "full")]
mod retention;
mod satisfaction;
#[cfg(feature = "full")]
mod tiers;
mod trust;
mod types;
