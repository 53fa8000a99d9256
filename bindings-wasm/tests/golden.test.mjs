// The shared golden vectors (every core/tests/data/golden*.json) through the JS API under Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import cm from "./load.mjs";
import { casesOf, runCase } from "./golden-cases.mjs";

const DATA = new URL("../../core/tests/data/", import.meta.url);
const FILES = readdirSync(DATA).filter((f) => /^golden.*\.json$/.test(f)).sort();

test("every golden file is read", () => {
  assert.ok(FILES.includes("golden.json") && FILES.includes("golden_retention.json"), FILES.join(", "));
});

for (const file of FILES) {
  for (const c of casesOf(file, JSON.parse(readFileSync(new URL(file, DATA), "utf8")))) {
    test(`${file}: ${c.name}`, () => runCase(cm, c));
  }
}
