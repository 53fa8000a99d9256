// What reading a plain Array into wasm memory costs, step by step, against the loop a user writes
// for the satisfaction rate (a count with the range check the package makes): the floor under
// every array function of the npm package on plain Arrays. `make wasm-pkg` first, then:
//
//   node benches/array_floor.mjs [n]
//
// n defaults to 10 million; each figure is the best of 9 runs, in milliseconds. The steps:
// - `typeof` check: the JS half of the input layer (src/input.js, numbersOf) on the whole Array;
// - bulk copy: `Float64Array.prototype.set(array)` into wasm memory, the engine's converting copy
//   that wasm-bindgen's Vec<f64> argument makes (and, beside it, the same from a Float64Array);
// - per block, fused: one JS loop per block of 65,536 that checks each element and writes it into
//   a view of wasm memory (what a block-by-block read of an Array would call per block);
// - per block, slice: the check per block, then `view.set(array.slice(start, end))`.
// The first two together are what a plain Array costs before any computing starts.
import { readFileSync } from "node:fs";
import { rateLoop as rateOf } from "./js_loops.mjs";

const N = Number(process.argv[2] ?? 10_000_000);
const BLOCK = 65_536;
const dir = new URL("../bindings-wasm/pkg/", import.meta.url);
const cm = await import(new URL("custometrics.js", dir).href);
const { memory } = cm.initSync({ module: readFileSync(new URL("custometrics_bg.wasm", dir)) });

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const doubles = new Float64Array(N).map(() => 1 + Math.floor(rand() * 5));
const array = Array.from(doubles);

/** A copy of `f` with its own compiled code and type feedback (see compare_js.mjs). */
const own = (f) => new Function(`return (${f})`)();

const rateLoop = own(rateOf);
const check = own(function (s) {
  const n = s.length;
  for (let i = 0; i < n; i++) if (typeof s[i] !== "number") return i;
  return -1;
});
const fused = own(function (src, start, end, memory, ptr) {
  const view = new Float64Array(memory.buffer, ptr, end - start);
  for (let i = start, k = 0; i < end; i++, k++) {
    const x = src[i];
    if (typeof x !== "number") return i;
    view[k] = x;
  }
  return -1;
});
const sliced = own(function (src, start, end, memory, ptr) {
  for (let i = start; i < end; i++) if (typeof src[i] !== "number") return i;
  new Float64Array(memory.buffer, ptr, end - start).set(src.slice(start, end));
  return -1;
});

// Room in wasm memory for the whole array and for one block after it (grown once, here).
const pages = Math.ceil((8 * (N + BLOCK)) / 65_536);
const base = memory.grow(pages) * 65_536;
const whole = () => new Float64Array(memory.buffer, base, N);
const blockPtr = base + 8 * N;
const perBlock = (fill) => () => {
  for (let s = 0; s < N; s += BLOCK) fill(array, s, Math.min(N, s + BLOCK), memory, blockPtr);
};

function best(f) {
  let t = Infinity;
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return `${t.toFixed(1)} ms`;
}

const rows = [
  ["the loop a user writes (satisfaction rate, Array)", best(() => rateLoop(array))],
  ["satisfactionRate (Array)", best(() => cm.satisfactionRate(array, 4))],
  ["satisfactionRate (Float64Array)", best(() => cm.satisfactionRate(doubles, 4))],
  ["`typeof` check of the Array", best(() => check(array))],
  ["bulk copy of the Array into wasm memory", best(() => whole().set(array))],
  ["bulk copy of a Float64Array into wasm memory", best(() => whole().set(doubles))],
  ["per block: check and write in one loop", best(perBlock(fused))],
  ["per block: check, then slice and bulk copy", best(perBlock(sliced))],
];
console.log(`n = ${N.toLocaleString("en")}, Node ${process.version}, best of 9\n`);
console.log("| step | time |\n|---|---:|");
for (const [what, t] of rows) console.log(`| ${what} | ${t} |`);
