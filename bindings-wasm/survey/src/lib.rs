//! The npm package's light entry `custometrics/survey`: the wasm-bindgen exports of
//! `custometrics-wasm` built without its `full` feature (NPS, CSAT, satisfaction rates, SERVQUAL,
//! CSI and the gaps, IPA, sample sizes, trust), a quarter of the full module's size for pages
//! that need only those. Nothing is written here: linking the crate brings its exports.

extern crate custometrics_wasm;
