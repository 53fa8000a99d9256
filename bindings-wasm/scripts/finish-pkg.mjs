// The last step of `make wasm-pkg`: wasm-bindgen's output in pkg/ becomes the files the npm
// package ships, for each of its two modules: `custometrics` (everything) and `survey` (the
// survey measures alone, the light entry `custometrics/survey`). Steps 1-3 run on each.
//
//   node scripts/finish-pkg.mjs [--no-opt]
//
// 1. The .wasm is shrunk by wasm-opt (the `binaryen` npm package, pinned in package-lock.json):
//    -Oz, and the name and producers sections stripped (names help only a debugger).
// 2. The JS glue gets two edits wasm-bindgen has no option for, each checked to apply exactly
//    where expected (a wasm-bindgen upgrade that changes the glue fails here, not in a user's
//    app):
//    - before init() has run, calling any function throws an Error that says to call init()
//      first (wasm-bindgen's glue fails with "Cannot read properties of undefined");
//    - free() on a model already freed does nothing (the glue passes a null pointer to Rust,
//      which throws), so free() and `using` can meet without harm.
// 3. The TypeScript declarations lose their need for the DOM and esnext.disposable libs: the
//    init section is declared with the package's own types (it named RequestInfo, Response,
//    WebAssembly.Module, which a Node project without the DOM lib lacks), and the classes are
//    Disposable through an interface that is empty unless the project's lib declares it.
// 4. The repository's licence texts are copied beside package.json, where npm packs them.
//
// `--no-opt` skips wasm-opt (a quick local build); the size test then fails on purpose.
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";

const here = (p) => new URL(`../${p}`, import.meta.url);

/** `text` with each `[from, to, times]` replaced exactly `times` times. */
function edit(file, text, edits) {
  for (const [from, to, times] of edits) {
    const found = text.split(from).length - 1;
    if (found !== times) {
      throw new Error(`${file}: expected ${times} of ${JSON.stringify(from)}, found ${found}: has the wasm-bindgen glue changed?`);
    }
    text = text.replaceAll(from, to);
  }
  return text;
}

const NOT_READY = `
/** Stands for the WebAssembly exports until init() has run: any use says what to do. */
const NOT_INITIALISED = new Proxy({}, {
    get() {
        throw new Error("custometrics: the WebAssembly module is not initialised yet: call \`await init()\` (the package's default export) once before any other function. (Under Node the package initialises itself.)");
    },
});
`;

const INIT_TYPES = `/**
 * Where init() finds the WebAssembly module: its URL (a string or a URL object), a fetch Response
 * (or a promise of one), its bytes (an ArrayBuffer or a typed array), or a compiled
 * WebAssembly.Module. Declared without the DOM lib's names so that a Node project's default lib
 * compiles it.
 */
export type InitInput = string | ArrayBuffer | ArrayBufferView | object;

/** What init() and initSync() return: the instantiated module's exports. */
export interface InitOutput {
    /** The module's linear memory (a WebAssembly.Memory). */
    readonly memory: { readonly buffer: ArrayBuffer };
}

/** What initSync() accepts: the .wasm bytes or a compiled WebAssembly.Module. */
export type SyncInitInput = ArrayBuffer | ArrayBufferView | object;

/**
 * Instantiates the module synchronously from its bytes or a compiled WebAssembly.Module (a
 * browser allows this off the main thread only, for modules over 4 KB). Under Node the package
 * has already done this.
 */
export function initSync(module: { module: SyncInitInput }): InitOutput;

/**
 * Loads and instantiates the WebAssembly module; call it once, and await it, before any other
 * function. Without an argument it fetches its .wasm file beside the package's JS (Vite
 * and webpack copy it into the build); a bundler that does not (esbuild) needs the file's URL:
 * \`await init({ module_or_path: url })\`. Under Node the package initialises itself and init()
 * only returns the module. Calling it again returns the same module.
 */
export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> }): Promise<InitOutput>;
`;

/** Steps 1-3 on pkg/<name>.js, <name>.d.ts and <name>_bg.wasm. */
function finish(name) {
  const PKG = `pkg/${name}`;
  // ---- 1. wasm-opt --------------------------------------------------------------------------------
  const wasm = here(`${PKG}_bg.wasm`).pathname;
  if (!process.argv.includes("--no-opt")) {
    execFileSync(here("node_modules/.bin/wasm-opt").pathname,
      ["-Oz", "--strip-debug", "--strip-producers", wasm, "-o", wasm], { stdio: "inherit" });
  }

  // ---- 2. the glue ---------------------------------------------------------------------------------
  const js = `${PKG}.js`;
  let glue = readFileSync(here(js), "utf8");
  glue = edit(js, glue, [
    ["let wasmModule, wasmInstance, wasm;", `${NOT_READY}let wasmModule, wasmInstance, wasm = NOT_INITIALISED;`, 1],
    ["if (wasm !== undefined) return wasm;", "if (wasm !== NOT_INITIALISED) return wasm;", 2],
    ["const ptr = this.__destroy_into_raw();\n", "const ptr = this.__destroy_into_raw();\n        if (ptr === 0) return;\n",
      (glue.match(/^export class \w+ \{/gm) ?? []).length],
  ]);
  writeFileSync(here(js), glue);

  // ---- 3. the declarations -------------------------------------------------------------------------
  const dts = `${PKG}.d.ts`;
  let decl = readFileSync(here(dts), "utf8");
  const tail = decl.indexOf("export type InitInput =");
  if (tail < 0) throw new Error(`${dts}: no InitInput declaration: has the wasm-bindgen output changed?`);
  decl = decl.slice(0, tail);
  const classes = [...decl.matchAll(/^export class (\w+) \{/gm)].map((m) => m[1]);
  decl = edit(dts, decl, [["    [Symbol.dispose](): void;\n", "", classes.length]]);
  decl += `${INIT_TYPES}
  // The models are Disposable (\`using m = BetaGeo.fit(…)\` frees m at the end of its block) where
  // the project's lib declares Disposable (esnext.disposable, es2026 or @types/node); elsewhere this
  // empty declaration stands in, so no lib is required.
  declare global {
      interface Disposable {}
  }
  ${classes.map((c) => `export interface ${c} extends Disposable {}`).join("\n")}
  `;
  writeFileSync(here(dts), decl);
}

finish("custometrics");
finish("survey");

// ---- 4. the licences -----------------------------------------------------------------------------
for (const f of ["LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(new URL(`../../${f}`, import.meta.url), here(f));
