"""The golden cases of satisfaction.nps_chi_square in golden.json (run from this directory with
any Python 3: `python3 generate_golden_chi_square.py`; it replaces the cases it owns).

Pearson's chi-square of the segments x NPS categories table is computed in exact fractions from
its definition, sum over cells of (observed - expected)^2 / expected with expected = row total x
column total / n; the p-value of 4 degrees of freedom from the closed form
P(chi2_4 >= x) = exp(-x/2) (1 + x/2); Cramer's V = sqrt(x / (n (min(rows, columns) - 1))).
"""
import json
import math
from fractions import Fraction
from pathlib import Path

FUNCTION = "satisfaction.nps_chi_square"


def category(v):
    return 0 if v >= 9 else (1 if v >= 7 else 2)


def table_case():
    scores = [10, 9, 10, 10, 8, 0, 3, 6, 9, 7, 10, 2, 5, 9, 10, 4, 10, 10, 9, 8, 7, 7, 8, 0, 1, 10, 9, 9, 8, 6, 5]
    segments = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 0, 0, 0, 1, 1, 1, 1, 1, 3, 3, 3, 0, 0, 1, 3]
    table = {}
    for v, g in zip(scores, segments):
        table.setdefault(g, [0, 0, 0])[category(v)] += 1
    rows = [table[k] for k in sorted(table)]
    n = sum(map(sum, rows))
    columns = [sum(r[c] for r in rows) for c in range(3)]
    expected = [Fraction(sum(r) * columns[c], n) for r in rows for c in range(3)]
    observed = [r[c] for r in rows for c in range(3)]
    x = sum((o - e) ** 2 / e for o, e in zip(observed, expected))
    dof = (len(rows) - 1) * (3 - 1)
    assert dof == 4 and all(columns)
    xf = float(x)
    return {
        "name": "nps chi-square of categories by segment",
        "function": FUNCTION,
        "args": {"scores": scores, "segments": segments},
        "expected": {
            "statistic": xf, "dof": dof, "p_value": math.exp(-xf / 2) * (1 + xf / 2),
            "cramers_v": math.sqrt(xf / (n * 2)), "n": n, "segments": len(rows), "min_expected": float(min(expected)),
        },
        "source": f"generate_golden_chi_square.py: Pearson's chi-square in exact fractions on the 3 x 3 table {rows} "
                  "(segment 2 has no answers); P(chi2_4 >= x) = exp(-x/2)(1 + x/2); V = sqrt(x / (n (3 - 1)))",
        "rtol": 1e-12,
    }


def error(name, args, code, field, index, source):
    return {"name": name, "function": FUNCTION, "args": args,
            "error": {"code": code, "field": field, "index": index}, "source": source}


CASES = [
    table_case(),
    error("nps chi-square refuses weights", {"scores": [10, 0, 9, 3], "segments": [0, 0, 1, 1], "weights": [1, 2, 1, 1]},
          "invalid", "weights", None, "the test counts answers: a weighted design is refused, not tested as if unweighted"),
    error("nps chi-square needs two categories", {"scores": [10, 9, 9, 10], "segments": [0, 0, 1, 1]},
          "invalid", "scores", None, "every answer a promoter: no table to test"),
    error("nps chi-square needs two segments with answers", {"scores": [10, 0, 9, 3], "segments": [1, 1, 1, 1]},
          "invalid", "segments", None, "one segment with answers (code 0 has none): nothing to compare"),
    error("nps chi-square names a bad score", {"scores": [10, 0, 11, 3], "segments": [0, 0, 1, 1]},
          "out_of_range", "scores", 2, "input rule: 11 is off the 0-10 scale"),
]

if __name__ == "__main__":
    path = Path(__file__).with_name("golden.json")
    doc = json.loads(path.read_text())
    kept = [c for c in doc["cases"] if c["function"] != FUNCTION]
    at = max(i for i, c in enumerate(kept) if c["function"] == "satisfaction.nps_versus_rest") + 1
    doc["cases"] = kept[:at] + CASES + kept[at:]
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases of {FUNCTION} written")
