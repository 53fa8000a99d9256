// The npm package's array functions per input kind against a hand-written JS loop computing the
// same thing, in one Node process: nps and trustScores per input kind on n elements, abc on n
// values, BG/NBD P(alive) on n / 10 customers; then the wasm memory after those calls and after
// repeating them (reused, not grown). `make wasm-pkg` first, then:
//
//   node benches/compare_js.mjs [n] [baseline-pkg-dir]
//
// n defaults to 10 million. With a baseline (another build's `bindings-wasm/pkg` directory, for
// example of the commit before a change) the same calls are timed on it too, side by side.
// Each figure is the best of RUNS calls, interleaved, in wall-clock time and (the last column)
// as the ratio of the process's CPU time; every result is first checked against the loop's.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { abcLoop, aliveLoop, csatLoop, meanLoop, npsLoop, rateLoop, trustLoop } from "./js_loops.mjs";

const N = Number(process.argv[2] ?? 10_000_000);
const RUNS = 7;

async function load(dir) {
  const mod = await import(pathToFileURL(resolve(dir, "custometrics.js")).href);
  const { memory } = mod.initSync({ module: readFileSync(resolve(dir, "custometrics_bg.wasm")) });
  return { ...mod, memory };
}

const cm = await load(new URL("../bindings-wasm/pkg", import.meta.url).pathname);
const base = process.argv[3] ? await load(process.argv[3]) : null;

/** The best of RUNS calls of each function, the calls interleaved so that a busy machine slows
 *  them alike; `null` stands for a missing function. Wall-clock milliseconds; the process's CPU
 *  time of each call (user + system, best of RUNS) goes into `cpu`, keyed by function, as a
 *  second measure that a loaded machine disturbs less (a call that waits for a core is not
 *  charged for the wait). */
const cpu = new Map();
function best(...fs) {
  const t = fs.map((f) => (f ? Infinity : null));
  const c = fs.map((f) => (f ? Infinity : null));
  for (let i = 0; i < RUNS; i++) {
    fs.forEach((f, k) => {
      if (!f) return;
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      f();
      t[k] = Math.min(t[k], Number(process.hrtime.bigint() - t0) / 1e6);
      const used = process.cpuUsage(c0);
      c[k] = Math.min(c[k], (used.user + used.system) / 1e3);
    });
  }
  cpu.set(t, c);
  return t;
}

// ---- data: one seed, every kind holds the same numbers ------------------------------------------
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const scores = new Float64Array(N).map(() => Math.floor(rand() * 11));
const ratings = [0, 1, 2, 3].map(() => new Float64Array(N).map(() => 1 + Math.floor(rand() * 10)));

const KINDS = {
  Float64Array: (a) => a,
  "Array of numbers": (a) => Array.from(a),
  Int32Array: (a) => Int32Array.from(a),
  Uint8Array: (a) => Uint8Array.from(a),
  Float32Array: (a) => Float32Array.from(a),
};

/** A copy of `f` with its own compiled code and type feedback: a loop a user writes sees one input
 *  kind, while one function called with all five would be compiled for mixed element kinds and
 *  run slower than any user's loop (V8 keeps feedback per function, not per call site). */
const own = (f) => new Function(`return (${f})`)();

const rows = [];
const fmt = (ms) => (ms === null ? "—" : `${ms.toFixed(1)} ms`);

for (const [kind, make] of Object.entries(KINDS)) {
  const s = make(scores);
  const loop = own(npsLoop);
  const want = loop(s);
  if (Math.abs(cm.nps(s).score - want) > 1e-9) throw new Error(`nps(${kind}) differs from the loop`);
  const times = best(() => cm.nps(s), base && (() => base.nps(s)), () => loop(s));
  rows.push(["nps", kind, ...times, cpu.get(times)]);
}

for (const [kind, make] of Object.entries(KINDS)) {
  const [c, r, i, s] = ratings.map(make);
  const loop = own(trustLoop);
  const want = loop(c, r, i, s);
  const got = cm.trustScores(c, r, i, s);
  for (let k = 0; k < N; k += 9973) if (got[k] !== want[k]) throw new Error(`trustScores(${kind}) differs at ${k}`);
  const times = best(() => cm.trustScores(c, r, i, s), base && (() => base.trustScores(c, r, i, s)),
    () => loop(c, r, i, s));
  rows.push(["trustScores", kind, ...times, cpu.get(times)]);
}

{
  const five = new Float64Array(N).map(() => 1 + Math.floor(rand() * 5));
  for (const [kind, make] of [["Float64Array", (a) => a], ["Array of numbers", (a) => Array.from(a)], ["Int32Array", (a) => Int32Array.from(a)]]) {
    const s = make(five);
    for (const [name, call, loopOf, fields] of [
      ["csat", () => cm.csat(s), csatLoop, null],
      ["satisfactionRate", () => cm.satisfactionRate(s, 4), rateLoop, null],
      ["mean", () => cm.mean(s, [1, 5]), meanLoop, ["mean", "stdError"]],
    ]) {
      const loop = own(loopOf);
      const [got, want] = [call(), loop(s)];
      const agree = fields ? fields.every((f) => Math.abs(got[f] - want[f]) <= 1e-9 * want[f]) : Math.abs(got.share - want) <= 1e-12;
      if (!agree) throw new Error(`${name}(${kind}) differs from the loop`);
      const times = best(call, null, () => loop(s));
      rows.push([name, kind, ...times, cpu.get(times)]);
    }
  }
}

{
  const values = new Float64Array(N).map(() => Math.floor(rand() * 1e6) / 100);
  const want = abcLoop(values);
  const got = cm.abc(values);
  for (let k = 0; k < N; k++) if (got[k] !== want[k]) throw new Error(`abc differs at ${k}`);
  const times = best(() => cm.abc(values), base && (() => base.abc(values)), () => abcLoop(values));
  rows.push(["abc", "Float64Array", ...times, cpu.get(times)]);
}

const M = Math.round(N / 10);
{
  const params = [0.243, 4.414, 0.793, 2.426]; // CDNOW (Fader, Hardie & Lee 2005)
  const T = new Float64Array(M).map(() => 30 + Math.floor(rand() * 9));
  const x = new Float64Array(M).map(() => Math.floor(rand() * rand() * 20));
  const tx = new Float64Array(M).map((_, i) => (x[i] === 0 ? 0 : rand() * T[i]));
  const m = new cm.BetaGeo(...params);
  const mb = base && new base.BetaGeo(...params);
  const want = aliveLoop(m, x, tx, T);
  const got = m.conditionalProbabilityAlive(x, tx, T);
  for (let k = 0; k < M; k++) if (Math.abs(got[k] - want[k]) > 1e-12) throw new Error(`P(alive) differs at ${k}`);
  const times = best(() => m.conditionalProbabilityAlive(x, tx, T),
    mb && (() => mb.conditionalProbabilityAlive(x, tx, T)), () => aliveLoop(m, x, tx, T));
  rows.push([`BetaGeo P(alive), n/10 = ${M.toLocaleString("en")}`, "Float64Array", ...times, cpu.get(times)]);
  m.free();
  mb?.free();
}

const mb = (mod) => (mod.memory.buffer.byteLength / 2 ** 20).toFixed(0);
const memoryAfter = [mb(cm), base && mb(base)];
// the same calls again: the allocator reuses the memory the first round left free
cm.trustScores(...ratings);
cm.nps(scores);
const memoryAgain = [mb(cm), base && mb(base)];

console.log(`n = ${N.toLocaleString("en")}, Node ${process.version}, best of ${RUNS}\n`);
console.log(`| function | input | custometrics | ${base ? "baseline build | " : ""}JS loop | loop / custometrics | the same in CPU time |`);
console.log(`|---|---|---:|${base ? "---:|" : ""}---:|---:|---:|`);
for (const [f, kind, t, b, loop, c] of rows) {
  const ratio = (c.at(-1) / c[0]).toFixed(2);
  console.log(`| ${f} | ${kind} | ${fmt(t)} | ${base ? `${fmt(b)} | ` : ""}${fmt(loop)} | ${(loop / t).toFixed(2)}x | ${ratio}x |`);
}
console.log(`\nwasm memory after these calls: ${memoryAfter[0]} MB${base ? ` (baseline build: ${memoryAfter[1]} MB)` : ""}; ` +
  `after trustScores and nps again: ${memoryAgain[0]} MB${base ? ` (baseline: ${memoryAgain[1]} MB)` : ""}`);
