// Compiled by `tsc -p tests/tsconfig.json` (never run): the shipped declarations must type the
// public API as documented, and reject what it rejects.
import { nps, trustScores, servqual, type Nps, type CustometricsError, type Servqual } from "custometrics";

const r: Nps = nps(new Float64Array([10, 9]), { confidence: 0.9, nanPolicy: "omit" });
const score: number = r.ciHigh - r.ciLow + r.stdError + r.score;
const t: Float64Array = trustScores([7], [8], [6], [3], { scale: [1, 10] });
const s: Servqual = servqual([[5, 5]], [[4, 6]], { dimensions: { a: [0, 1] } });
const w: number | null = s.sample.weighted;
// @ts-expect-error: nanPolicy takes scipy's words only
nps([1], { nanPolicy: "ignore" });
// @ts-expect-error: results are typed, a misspelt field does not exist
r.std_error;
function describe(e: CustometricsError): string {
  return `${e.code} ${e.field ?? ""} ${e.index ?? ""}`;
}
export { score, t, w, describe };
