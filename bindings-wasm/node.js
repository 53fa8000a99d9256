// The package's entry under Node (the "node" export condition, for `import` and for `require()`
// alike): the web-target module, instantiated synchronously from its .wasm file at import, so
// `import { nps } from "custometrics"` works with no init step. `init()` stays exported so code
// written for browsers runs unchanged; it returns the instantiated module.
//
// Importing this file has that side effect: package.json lists it under "sideEffects", so that
// a bundler (esbuild --platform=node, webpack's node target) keeps it.
import { existsSync, readFileSync } from "node:fs";
import { initSync } from "./pkg/custometrics.js";

export * from "./pkg/custometrics.js";

/** The .wasm file: beside this file (the package as installed, or a bundler that copies files
 *  referenced by `new URL(…, import.meta.url)`, like webpack), else the installed package as Node
 *  resolves it from the bundle or the working directory (esbuild, which does not copy it). */
function wasmFile() {
  const here = import.meta.url ? new URL("./pkg/custometrics_bg.wasm", import.meta.url) : undefined;
  if (here !== undefined && existsSync(here)) return here;
  // process.getBuiltinModule, not an import, so that bundlers do not try to resolve the lookup.
  const { createRequire } = process.getBuiltinModule("node:module");
  const tried = [];
  for (const from of [import.meta.url, `${process.cwd()}/`]) {
    if (!from) continue;
    try {
      return createRequire(from).resolve("custometrics/custometrics_bg.wasm");
    } catch (e) {
      tried.push(from);
    }
  }
  throw new Error(`custometrics: cannot find its WebAssembly file custometrics_bg.wasm (looked beside ${here ?? "this module"} and for the installed package from ${tried.join(", ")}): install the package, or copy node_modules/custometrics/pkg/custometrics_bg.wasm next to your bundle`);
}

const wasm = initSync({ module: readFileSync(wasmFile()) });

/** Under Node the module is ready at import: this only returns it. */
export default async function init() {
  return wasm;
}
