// The package's entry under Node (the "node" export condition, for `import` and for `require()`
// alike): the web-target module, instantiated synchronously from its .wasm file at import, so
// `import { nps } from "custometrics"` works with no init step. `init()` stays exported so code
// written for browsers runs unchanged; it returns the instantiated module.
//
// Importing this file has that side effect: package.json lists it under "sideEffects", so that
// a bundler (esbuild --platform=node, webpack's node target) keeps it.
import { initSync } from "./pkg/custometrics.js";
import { instantiate } from "./load-node.js";

export * from "./pkg/custometrics.js";

const wasm = instantiate(initSync, "custometrics_bg.wasm");

/** Under Node the module is ready at import: this only returns it. */
export default async function init() {
  return wasm;
}
