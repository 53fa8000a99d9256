// The loops a JS developer writes for what the npm package's array functions compute, each
// validating its input as the package does: the baselines of compare_js.mjs and array_floor.mjs.
// The scripts call each through `own` (a copy with its own compiled code), so they are plain
// functions here.

export function npsLoop(s) {
  let p = 0, d = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const x = s[i];
    if (!(x >= 0 && x <= 10 && Math.trunc(x) === x)) throw new RangeError(`scores[${i}]`);
    if (x >= 9) p++;
    else if (x <= 6) d++;
  }
  return ((p - d) / n) * 100;
}

export function trustLoop(c, r, i, s) {
  const n = c.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = c[k], b = r[k], e = i[k], f = s[k];
    if (!(a >= 1 && a <= 10 && b >= 1 && b <= 10 && e >= 1 && e <= 10 && f >= 1 && f <= 10)) {
      throw new RangeError(`index ${k}`);
    }
    out[k] = (a + b + e) / f;
  }
  return out;
}

/** CSAT on 1..5 (share of 4 and 5), the satisfaction rate (share at or above 4) and the mean of
 *  1..5 answers, each validating as the package does. */
export function csatLoop(s) {
  let top = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const x = s[i];
    if (!(x >= 1 && x <= 5 && Math.trunc(x) === x)) throw new RangeError(`ratings[${i}]`);
    if (x >= 4) top++;
  }
  return top / n;
}

export function rateLoop(s) {
  let at = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const x = s[i];
    if (!(x >= 1 && x <= 5)) throw new RangeError(`ratings[${i}]`);
    if (x >= 4) at++;
  }
  return at / n;
}

/** The mean with its standard error, as `mean` returns them (and the interval from them): the
 *  sum and the sum of squares in one pass. */
export function meanLoop(s) {
  let sum = 0, squares = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const x = s[i];
    if (!(x >= 1 && x <= 5)) throw new RangeError(`values[${i}]`);
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, stdError: Math.sqrt((squares - sum * mean) / (n - 1) / n) };
}

/** ABC tiers as a JS developer writes them: indices sorted by value (highest first, ties by
 *  index), then the cumulative value before each customer against the cuts. */
export function abcLoop(v, a = 0.8, b = 0.95) {
  const n = v.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(v[i] >= 0 && v[i] < Infinity)) throw new RangeError(`values[${i}]`);
    total += v[i];
  }
  const order = new Uint32Array(n).map((_, i) => i).sort((i, j) => v[j] - v[i] || i - j);
  const tier = new Uint8Array(n);
  let before = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    tier[i] = before < a * total ? 0 : before < b * total ? 1 : 2;
    before += v[i];
  }
  return tier;
}

/** BG/NBD P(alive) (Fader, Hardie & Lee 2005, eq. 11 in the note's form). */
export function aliveLoop(m, x, tx, T) {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = x[i], r = tx[i], t = T[i];
    if (!(f >= 0 && Number.isInteger(f) && r >= 0 && t >= r && t < Infinity)) throw new RangeError(`index ${i}`);
    out[i] = f === 0 ? 1 : 1 / (1 + (m.a / (m.b + f - 1)) * ((m.alpha + t) / (m.alpha + r)) ** (m.r + f));
  }
  return out;
}
