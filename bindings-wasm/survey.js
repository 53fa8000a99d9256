// The light entry `custometrics/survey` for browsers and bundlers: the survey measures alone
// (NPS, CSAT, satisfaction rates, SERVQUAL, CSI and the gaps, IPA, sample sizes, trust) from a
// module a quarter of the full one's size. Call `await init()` once before any other function.
import load from "./pkg/survey.js";
import { initWithHelp } from "./load-browser.js";

export * from "./pkg/survey.js";

export default initWithHelp(load, "survey_bg.wasm");
