// The browser app under esbuild, which does not copy files referenced by
// `new URL(…, import.meta.url)`: the .wasm is imported as a file (the file loader gives its URL)
// and handed to init(), as the package README says.
import init, { nps } from "custometrics";
import wasmUrl from "custometrics/custometrics_bg.wasm";

const outcome = {};
try {
  await init({ module_or_path: wasmUrl });
  outcome.nps = nps([10, 9, 8, 7, 6, 0, 10, 9]);
} catch (e) {
  outcome.error = String(e?.stack ?? e);
}
window.__outcome = outcome;
