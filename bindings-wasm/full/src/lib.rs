//! The npm package's main entry `custometrics`: the wasm-bindgen exports of `custometrics-wasm`
//! with its default features. Nothing is written here: linking the crate brings its exports.
//!
//! It is a crate of its own, as `../survey` is, so that custometrics-wasm is only ever an rlib:
//! cargo gives a wasm32 cdylib no feature-dependent hash, so the two entries' builds of one
//! cdylib crate took turns overwriting each other and every `make wasm-pkg` rebuilt both.

extern crate custometrics_wasm;
