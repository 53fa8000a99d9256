// A browser app as a user writes it: init() once, then the functions. The page reports the
// outcome in window.__outcome for the test to read. Before init(), a call must say so.
import init, { nps } from "custometrics";

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
