// The package's entry for browsers and bundlers (every condition but "node"): wasm-bindgen's
// web-target module as it is, with an init() that says what went wrong when the .wasm file
// cannot be loaded. Call `await init()` once before any other function.
import load from "./pkg/custometrics.js";
import { initWithHelp } from "./load-browser.js";

export * from "./pkg/custometrics.js";

export default initWithHelp(load, "custometrics_bg.wasm");
