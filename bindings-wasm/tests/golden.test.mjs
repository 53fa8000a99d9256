// The shared golden vectors (core/tests/data/golden.json) through the JS API under Node.
import { test } from "node:test";
import { readFileSync } from "node:fs";
import cm from "./load.mjs";
import { runCase } from "./golden-cases.mjs";

const golden = JSON.parse(readFileSync(new URL("../../core/tests/data/golden.json", import.meta.url), "utf8"));

for (const c of golden.cases) test(c.name, () => runCase(cm, c));
