// Where the time of `nps` on 10 million scores goes in Node, part by part: the whole call on a
// Float64Array and on a plain Array, the engine's copy of each into a Float64Array (what
// wasm-bindgen's copy into wasm memory is), the input layer's element check on the Array, that
// check fused with the copy, and the plain JS loop of benches/compare_js.mjs. Best of 7 of each,
// wall clock.
//
//   node benches/nps_parts.mjs [<pkg dir, default bindings-wasm/pkg>]
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dir = resolve(process.argv[2] ?? "bindings-wasm/pkg");
const cm = await import(pathToFileURL(`${dir}/custometrics.js`).href);
await cm.default({ module_or_path: readFileSync(`${dir}/custometrics_bg.wasm`) });

const N = 10_000_000;
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const f64 = new Float64Array(N).map(() => Math.floor(rand() * 11));
const array = Array.from(f64);
const into = new Float64Array(N);

function best(name, fn) {
  let b = Infinity;
  for (let k = 0; k < 7; k++) {
    const s = performance.now();
    fn();
    b = Math.min(b, performance.now() - s);
  }
  console.log(`| ${name} | ${b.toFixed(1)} ms |`);
}

console.log("| part | time |\n|---|---:|");
best("nps(Float64Array)", () => cm.nps(f64));
best("nps(Array)", () => cm.nps(array));
best("copy a Float64Array into a Float64Array", () => into.set(f64));
best("copy an Array into a Float64Array", () => into.set(array));
best("check every element of the Array is a number", () => {
  for (let i = 0; i < N; i++) if (typeof array[i] !== "number") throw new Error(`${i}`);
});
best("the check and the copy in one loop", () => {
  for (let i = 0; i < N; i++) {
    const x = array[i];
    if (typeof x !== "number") throw new Error(`${i}`);
    into[i] = x;
  }
});
best("the plain JS loop (validating, counting) on the Array", () => {
  let p = 0, d = 0;
  for (let i = 0; i < N; i++) {
    const x = array[i];
    if (!(x >= 0 && x <= 10 && Math.trunc(x) === x)) throw new RangeError(`scores[${i}]`);
    if (x >= 9) p++;
    else if (x <= 6) d++;
  }
  return p - d;
});
