// The package's entry under Node: the same web-target module, instantiated synchronously from
// the .wasm file next to it, so `import { nps } from "custometrics"` works with no init step.
// `init()` stays exported (a no-op here) so code written for browsers runs unchanged.
import { readFileSync } from "node:fs";
import { initSync } from "./pkg/custometrics.js";

export * from "./pkg/custometrics.js";

const wasm = initSync({ module: readFileSync(new URL("./pkg/custometrics_bg.wasm", import.meta.url)) });

export default async function init() {
  return wasm;
}
