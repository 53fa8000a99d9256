// The same bits as native Rust: core/tests/data/same_bits.json records inputs and the bits of
// their results (written by core/tests/same_bits.rs); WebAssembly must give exactly those bits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import cm from "./load.mjs";

const data = JSON.parse(readFileSync(new URL("../../core/tests/data/same_bits.json", import.meta.url), "utf8"));
const view = new DataView(new ArrayBuffer(8));
const float = (bits) => (view.setBigUint64(0, BigInt(bits)), view.getFloat64(0));
const bits = (x) => (view.setFloat64(0, x), view.getBigUint64(0).toString());

test("normal critical values and NPS intervals have the native bits", () => {
  const differ = [];
  for (const [cBits, zBits, lowBits] of data.rows) {
    const c = float(cBits);
    const z = cm.sampleSize(0.05, { confidence: c }).z;
    const low = cm.nps(data.nps_scores, { confidence: c }).ciLow;
    if (bits(z) !== zBits || bits(low) !== lowBits) differ.push([c, z, float(zBits), low, float(lowBits)]);
  }
  assert.ok(data.rows.length >= 1000);
  assert.deepEqual(differ, []);
});
