// A browser page that needs only the survey measures: the light entry custometrics/survey, whose
// module is a quarter of the full one. Reports in window.__outcome like browser.js.
import init, { nps } from "custometrics/survey";

const outcome = {};
try {
  nps([10]);
  outcome.beforeInit = "no error";
} catch (e) {
  outcome.beforeInit = String(e.message);
}
try {
  await init();
  outcome.nps = nps([10, 9, 8, 7, 6, 0, 10, 9]);
} catch (e) {
  outcome.error = String(e?.stack ?? e);
}
window.__outcome = outcome;
