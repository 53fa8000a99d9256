"""Writes the transaction-model cases of golden_retention.json: closed forms evaluated with
mpmath at 50 significant digits, so the expected values do not come from custometrics (nor from
lifetimes, which the lifetimes_reference_*.json files cover).

    python3 core/tests/data/generate_golden_models.py   # needs mpmath (pip install mpmath)

Tolerances are about ten times the largest relative difference custometrics showed when they
were written (8e-16 for BG/NBD P(alive), 3e-14 for E[X(t)] through the 2F1 series, 1e-14 for
the Pareto/NBD terms). The script replaces the cases whose function starts with one of MODELS and keeps every other
case. Formulas, with the variable names of the papers:

- BG/NBD, Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science
  24(2): E[X(t)] eq. (9), E[Y(t) | x, t_x, T] eq. (10), P(alive) from Fader, Hardie & Lee (2008),
  "Computing P(alive) using the BG/NBD model" (brucehardie.com note 021).
- MBG/NBD, Batislam, Denizel & Filiztekin (2007), IJRM 24: P(alive) = 1 / (1 + a/(b+x)
  ((alpha+T)/(alpha+t_x))^(r+x)).
- Pareto/NBD, Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related
  expressions" (note 008): E[X(t)] eq. (17), P(alive) eqs. (11), (12)/(13) (A0 for alpha >= beta
  and alpha < beta), E[Y(t) | x, t_x, T] eq. (22).
- Gamma-Gamma, Fader, Hardie & Lee (2005), "RFM and CLV", and note 025: E(M | x, mbar) =
  (q - 1)/(px + q - 1) * vp/(q - 1) + px/(px + q - 1) * mbar.
"""

import json
from pathlib import Path

from mpmath import hyp2f1, mp, mpf

mp.dps = 50
HERE = Path(__file__).parent
MODELS = ("retention.BetaGeo.", "retention.ModifiedBetaGeo.", "retention.ParetoNBD.", "retention.GammaGamma.")

BG = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)  # FHL 2005, CDNOW, weeks
PNBD = dict(r=0.553, alpha=10.578, s=0.606, beta=11.669)  # Fader & Hardie, CDNOW, weeks
PNBD_AGEB = dict(r=0.553, alpha=15.0, s=0.606, beta=11.669)  # the alpha >= beta branch
GG = dict(p=6.25, q=3.74, v=15.44)  # Fader & Hardie note 025, CDNOW

# Histories: no repeat; a typical one; FHL's worked example (x = 2, t_x = 30.43, T = 38.86);
# a heavy buyer; a long-silent one; last purchase at T.
HIST = dict(
    frequency=[0, 1, 2, 7, 12, 3],
    recency=[0, 10.5, 30.43, 35.0, 4.0, 38.86],
    T=[38.86, 38.86, 38.86, 38.86, 38.86, 38.86],
)


def f(x):
    return float(x)


def bg_alive(p, x, tx, T):
    r, al, a, b = (mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    if x == 0:  # whatever tx is (lifetimes' matrix has such cells)
        return mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def bg_expected(p, t):
    r, al, a, b = (mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    t = mpf(t)
    return (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r * hyp2f1(r, b, a + b - 1, t / (al + t)))


def bg_conditional(p, t, x, tx, T):
    r, al, a, b = (mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    t, x, tx, T = mpf(t), mpf(x), mpf(tx), mpf(T)
    z = t / (al + T + t)
    num = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))
    return num * bg_alive(p, x, tx, T)


def mbg_alive(p, x, tx, T):
    r, al, a, b = (mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    return 1 / (1 + a / (b + x) * ((al + T) / (al + tx)) ** (r + x))


def pnbd_alive(p, x, tx, T):
    r, al, s, be = (mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    rsx = r + s + x
    if al >= be:
        a0 = hyp2f1(rsx, s + 1, rsx + 1, (al - be) / (al + tx)) / (al + tx) ** rsx - hyp2f1(
            rsx, s + 1, rsx + 1, (al - be) / (al + T)
        ) / (al + T) ** rsx
    else:
        a0 = hyp2f1(rsx, r + x, rsx + 1, (be - al) / (be + tx)) / (be + tx) ** rsx - hyp2f1(
            rsx, r + x, rsx + 1, (be - al) / (be + T)
        ) / (be + T) ** rsx
    return 1 / (1 + s / rsx * (al + T) ** (r + x) * (be + T) ** s * a0)


def pnbd_expected(p, t):
    r, al, s, be = (mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    t = mpf(t)
    return r * be / (al * (s - 1)) * (1 - (be / (be + t)) ** (s - 1))


def pnbd_conditional(p, t, x, tx, T):
    r, al, s, be = (mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    t, x, tx, T = mpf(t), mpf(x), mpf(tx), mpf(T)
    bracket = (r + x) * (be + T) / ((al + T) * (s - 1)) * (1 - ((be + T) / (be + T + t)) ** (s - 1))
    return bracket * pnbd_alive(p, x, tx, T)


def gg_profit(p, x, m):
    pp, q, v = (mpf(p[k]) for k in ("p", "q", "v"))
    x, m = mpf(x), mpf(m)
    return (q - 1) / (pp * x + q - 1) * v * pp / (q - 1) + pp * x / (pp * x + q - 1) * m


def per_customer(fn, p, *lead):
    return [f(fn(p, *lead, x, tx, T)) for x, tx, T in zip(HIST["frequency"], HIST["recency"], HIST["T"])]


def cases():
    out = []

    def case(name, function, args, expected, source, rtol):
        out.append({"name": name, "function": function, "args": args, "expected": {"value": expected},
                    "rtol": rtol, "source": source})

    def error(name, function, args, code, field, index, source):
        out.append({"name": name, "function": function, "args": args,
                    "error": {"code": code, "field": field, "index": index}, "source": source})

    fhl = "FHL 2005 closed form by mpmath at 50 digits (generate_golden_models.py)"
    case("BG/NBD P(alive), CDNOW parameters", "retention.BetaGeo.conditional_probability_alive",
         {**BG, **HIST}, per_customer(bg_alive, BG), fhl + "; FHL 2008 note 021", 1e-14)
    case("BG/NBD E[X(t)] of a new customer", "retention.BetaGeo.expected_number_of_purchases_up_to_time",
         {**BG, "t": [1, 13, 39, 78, 520]}, [f(bg_expected(BG, t)) for t in (1, 13, 39, 78, 520)], fhl + ", eq. (9)",
         1e-13)
    case("BG/NBD E[Y(39) | history]", "retention.BetaGeo.conditional_expected_number_of_purchases_up_to_time",
         {**BG, "t": 39, **HIST}, per_customer(bg_conditional, BG, 39), fhl + ", eq. (10)", 1e-13)
    case("BG/NBD E[Y(39)] of FHL's worked example, as printed", "retention.BetaGeo.conditional_expected_number_of_purchases_up_to_time",
         {**BG, "t": 39, "frequency": 2, "recency": 30.43, "T": 38.86}, 1.226,
         "Fader, Hardie & Lee (2005), section 5: 1.226 for x = 2, t_x = 30.43, T = 38.86, t = 39 (3 decimals)", 5e-4)
    case("MBG/NBD P(alive), BG/NBD's CDNOW parameters", "retention.ModifiedBetaGeo.conditional_probability_alive",
         {**BG, **HIST}, per_customer(mbg_alive, BG),
         "Batislam, Denizel & Filiztekin (2007) closed form by mpmath at 50 digits (generate_golden_models.py)", 1e-14)
    fh = "Fader & Hardie (2005) note 008 closed form by mpmath at 50 digits (generate_golden_models.py)"
    case("Pareto/NBD P(alive), CDNOW parameters (alpha < beta)", "retention.ParetoNBD.conditional_probability_alive",
         {**PNBD, **HIST}, per_customer(pnbd_alive, PNBD), fh + ", eqs. (11), (13)", 1e-13)
    case("Pareto/NBD P(alive), alpha >= beta", "retention.ParetoNBD.conditional_probability_alive",
         {**PNBD_AGEB, **HIST}, per_customer(pnbd_alive, PNBD_AGEB), fh + ", eqs. (11), (12)", 1e-13)
    case("Pareto/NBD E[X(t)] of a new customer", "retention.ParetoNBD.expected_number_of_purchases_up_to_time",
         {**PNBD, "t": [1, 13, 39, 78, 520]}, [f(pnbd_expected(PNBD, t)) for t in (1, 13, 39, 78, 520)],
         fh + ", eq. (17)", 1e-13)
    case("Pareto/NBD E[Y(39) | history]", "retention.ParetoNBD.conditional_expected_number_of_purchases_up_to_time",
         {**PNBD, "t": 39, **HIST}, per_customer(pnbd_conditional, PNBD, 39), fh + ", eq. (22)", 1e-13)
    # lifetimes' conditional_probability_alive_matrix: rows recency 0..=max_recency, columns
    # frequency 0..=max_frequency, every customer T = max_recency; row-major here. Cells with
    # frequency 0 and recency > 0 hold the formula's value there, as lifetimes fills them.
    for model, params, alive in (("BetaGeo", BG, bg_alive), ("ModifiedBetaGeo", BG, mbg_alive),
                                 ("ParetoNBD", PNBD, pnbd_alive)):
        grid = [f(alive(params, x, tx, 6)) for tx in range(7) for x in range(4)]
        case(f"{model} P(alive) matrix, frequency 0..=3 x recency 0..=6",
             f"retention.{model}.conditional_probability_alive_matrix",
             {**params, "max_frequency": 3, "max_recency": 6}, grid,
             "the P(alive) closed forms above on lifetimes' grid, by mpmath (generate_golden_models.py)",
             1e-13)
    xs, ms = [0, 1, 2, 10, 50], [0, 20.0, 35.5, 12.25, 40.0]
    case("Gamma-Gamma expected spend per transaction", "retention.GammaGamma.conditional_expected_average_profit",
         {**GG, "frequency": xs, "monetary_value": ms}, [f(gg_profit(GG, x, m)) for x, m in zip(xs, ms)],
         "Fader, Hardie & Lee (2005) 'RFM and CLV' / note 025 closed form by mpmath (generate_golden_models.py)", 1e-14)

    bad = "the validation rules of the issue: 0 <= recency <= T, frequency a whole number >= 0, T > 0"
    for model, params in (("BetaGeo", BG), ("ParetoNBD", PNBD)):
        fn = f"retention.{model}.conditional_probability_alive"
        error(f"{model}: recency > T", fn, {**params, "frequency": [1, 2], "recency": [3, 40], "T": [38, 38]},
              "out_of_range", "recency", 1, bad)
        error(f"{model}: fractional frequency", fn, {**params, "frequency": [1, 2, 1.5], "recency": [3, 4, 5],
                                                     "T": [38, 38, 38]}, "out_of_range", "frequency", 2, bad)
        error(f"{model}: recency without repeat purchases", fn,
              {**params, "frequency": [0], "recency": [3], "T": [38]}, "out_of_range", "recency", 0, bad)
        error(f"{model}: T <= 0", fn, {**params, "frequency": [0, 0], "recency": [0, 0], "T": [5, 0]},
              "out_of_range", "T", 1, bad)
    error("Gamma-Gamma: monetary value <= 0 with repeat purchases", "retention.GammaGamma.conditional_expected_average_profit",
          {**GG, "frequency": [1, 2], "monetary_value": [10.0, 0.0]}, "out_of_range", "monetary_value", 1,
          "the issue: monetary value <= 0 is an error for Gamma-Gamma")
    return out


def main():
    path = HERE / "golden_retention.json"
    doc = json.loads(path.read_text())
    kept = [c for c in doc["cases"] if not c["function"].startswith(MODELS)]
    doc["cases"] = kept + cases()
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(doc['cases']) - len(kept)} model cases written, {len(kept)} others kept")


if __name__ == "__main__":
    main()
