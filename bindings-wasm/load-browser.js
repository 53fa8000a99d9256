// init() for the browser entries (index.js, survey.js): wasm-bindgen's loader, with an error that
// says what went wrong when the .wasm file cannot be loaded.

/** The entry's init(): `load` is wasm-bindgen's default export, `file` its .wasm file's name. */
export function initWithHelp(load, file) {
  return async function init(moduleOrPath) {
    try {
      return await load(moduleOrPath);
    } catch (e) {
      throw new Error(
        `custometrics: could not load its WebAssembly module (${file}): ` +
          `${e?.message ?? e}. Bundlers that copy the file referenced by \`new URL(…, import.meta.url)\` ` +
          "(Vite, webpack, Rollup, Parcel) need nothing more; with others (esbuild) import the file's URL " +
          `(\`import url from "custometrics/${file}"\` with a file loader) and pass it: ` +
          "`await init({ module_or_path: url })`.",
        { cause: e },
      );
    }
  };
}
