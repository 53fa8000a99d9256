// The light entry `custometrics/survey` under Node: the survey measures' module, instantiated
// synchronously from its .wasm file at import (a side effect, listed under "sideEffects").
import { initSync } from "./pkg/survey.js";
import { instantiate } from "./load-node.js";

export * from "./pkg/survey.js";

const wasm = instantiate(initSync, "survey_bg.wasm");

/** Under Node the module is ready at import: this only returns it. */
export default async function init() {
  return wasm;
}
