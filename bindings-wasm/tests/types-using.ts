// Compiled by `tsc -p tests/tsconfig.disposable.json` (never run): with a lib that declares
// Disposable, a model can be held by `using`.
import { BetaGeo } from "custometrics";

export function alive(f: number[], r: number[], T: number[]): Float64Array {
  using model = new BetaGeo(0.243, 4.414, 0.793, 2.426);
  const d: Disposable = model;
  void d;
  return model.conditionalProbabilityAlive(f, r, T);
}
