// The module's start-up for the Node entries (node.js, survey-node.js): the web-target module,
// instantiated synchronously from its .wasm file.
import { existsSync, readFileSync } from "node:fs";

/** The .wasm file `file`: in pkg/ beside this file (the package as installed, or a bundler that
 *  copies files referenced by `new URL(…, import.meta.url)`, like webpack), else the installed
 *  package as Node resolves it from the bundle or the working directory (esbuild, which does not
 *  copy it). */
function wasmFile(file) {
  const here = import.meta.url ? new URL(`./pkg/${file}`, import.meta.url) : undefined;
  if (here !== undefined && existsSync(here)) return here;
  // process.getBuiltinModule, not an import, so that bundlers do not try to resolve the lookup.
  const { createRequire } = process.getBuiltinModule("node:module");
  const tried = [];
  for (const from of [import.meta.url, `${process.cwd()}/`]) {
    if (!from) continue;
    try {
      return createRequire(from).resolve(`custometrics/${file}`);
    } catch (e) {
      tried.push(from);
    }
  }
  throw new Error(`custometrics: cannot find its WebAssembly file ${file} (looked beside ${here ?? "this module"} and for the installed package from ${tried.join(", ")}): install the package, or copy node_modules/custometrics/pkg/${file} next to your bundle`);
}

/** `initSync` (wasm-bindgen's) run on the .wasm file `file`: the instantiated module. */
export function instantiate(initSync, file) {
  return initSync({ module: readFileSync(wasmFile(file)) });
}
