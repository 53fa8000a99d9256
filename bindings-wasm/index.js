// The package's entry for browsers and bundlers (every condition but "node"): wasm-bindgen's
// web-target module as it is, with an init() that says what went wrong when the .wasm file
// cannot be loaded. Call `await init()` once before any other function.
import load from "./pkg/custometrics.js";

export * from "./pkg/custometrics.js";

export default async function init(moduleOrPath) {
  try {
    return await load(moduleOrPath);
  } catch (e) {
    throw new Error(
      "custometrics: could not load its WebAssembly module (custometrics_bg.wasm): " +
        `${e?.message ?? e}. Bundlers that copy the file referenced by \`new URL(…, import.meta.url)\` ` +
        "(Vite, webpack, Rollup, Parcel) need nothing more; with others (esbuild) import the file's URL " +
        '(`import url from "custometrics/custometrics_bg.wasm"` with a file loader) and pass it: ' +
        "`await init({ module_or_path: url })`.",
      { cause: e },
    );
  }
}
