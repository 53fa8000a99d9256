"""Every public array function reads every input kind the same way (the extension's one input
layer, bindings-python/src/input.rs): any real dtype, strided views, both memory orders of a 2-D
array, pandas (numpy-backed, nullable, Arrow-backed), polars and lists give the float64 answer;
strings, bytes, complex numbers, datetimes, objects and wrong dimensions are an error naming the
argument; nothing is read element by element through Python."""

import math

import numpy as np
import pandas as pd
import pytest

import custometrics as cm
from custometrics import loyalty, retention, satisfaction, tiers, trust

try:
    import polars as pl
except ImportError:  # pragma: no cover - polars is in requirements-test.txt
    pl = None
try:
    import pyarrow  # noqa: F401
except ImportError:  # pragma: no cover - pyarrow is in requirements-test.txt
    pyarrow = None

RNG = np.random.default_rng(9)
N = 40


def whole(lo, hi, n=N):
    """Whole numbers lo..=hi as float64 (exact in every dtype the kinds below convert to)."""
    return RNG.integers(lo, hi + 1, n).astype(np.float64)


SCORES = whole(0, 10)
SCORES_B = whole(0, 10)
RATINGS = whole(1, 5)
TRUST = [whole(1, 10), whole(1, 10), whole(1, 10), whole(1, 10)]
VALUES = whole(0, 200)
FREQ = whole(0, 6)
RECENCY = FREQ * 3.0  # whole, <= T, 0 when frequency is 0
T_AGE = np.full(N, 30.0)
SPEND = whole(5, 60)
N_PERIODS = np.full(N, 6.0)
BG = retention.BetaGeo.from_params(0.24, 4.41, 0.79, 2.43)
PNBD = retention.ParetoNBD.from_params(0.55, 10.58, 0.61, 11.67)
GG = retention.GammaGamma.from_params(6.25, 3.74, 15.44)
BGBB = retention.BetaGeoBetaBinom.from_params(1.2, 0.75, 0.66, 2.78)
SBG = retention.ShiftedBetaGeo.from_params(0.67, 3.81)


def gaps(ref, ach):
    return satisfaction.five_gaps(knowledge=(ref, ach))


# name, function of keyword arrays, {argument: (float64 values, field named by errors)}
CASES = [
    ("nps", lambda scores: satisfaction.nps(scores), {"scores": SCORES}),
    ("nps_difference", lambda scores_a, scores_b: satisfaction.nps_difference(scores_a, scores_b),
     {"scores_a": SCORES, "scores_b": SCORES_B}),
    ("csat", lambda responses: satisfaction.csat(responses), {"responses": RATINGS}),
    ("satisfaction_rate", lambda ratings: satisfaction.satisfaction_rate(ratings, 3), {"ratings": RATINGS}),
    ("disconfirmation", lambda perception, expectation, importance: satisfaction.disconfirmation(
        perception, expectation, importance), {"perception": RATINGS[:5], "expectation": RATINGS[5:10],
                                               "importance": whole(1, 3, 5)}),
    ("ipa", lambda importance, performance: satisfaction.ipa(importance, performance),
     {"importance": RATINGS[:6], "performance": RATINGS[6:12]}),
    ("five_gaps", lambda **kw: gaps(kw["gap1.reference"], kw["gap1.achieved"]),
     {"gap1.reference": RATINGS, "gap1.achieved": SCORES_B}),
    ("trust_scores", lambda credibility, reliability, intimacy, self_orientation: trust.trust_scores(
        credibility, reliability, intimacy, self_orientation),
     dict(zip(trust.COMPONENTS, TRUST))),
    ("trust_over_raters", lambda credibility, reliability, intimacy, self_orientation: trust.trust_over_raters(
        credibility, reliability, intimacy, self_orientation),
     dict(zip(trust.COMPONENTS, TRUST))),
    ("dick_basu", lambda attitude, patronage: loyalty.dick_basu(attitude, patronage),
     {"attitude": RATINGS, "patronage": whole(0, 9)}),
    ("jones_sasser", lambda satisfaction, loyalty_: loyalty.jones_sasser(satisfaction, loyalty_),
     {"satisfaction": RATINGS, "loyalty_": RATINGS[::-1].copy()}),
    ("loyalty_indicators", lambda previous, current: loyalty.loyalty_indicators(previous, current),
     {"previous": whole(0, 1), "current": whole(0, 1)}),
    ("loyalty_index", lambda scores, weights: loyalty.loyalty_index(scores, weights),
     {"scores": whole(0, 1, 7), "weights": whole(1, 4, 7)}),
    ("abc", lambda values: tiers.abc(values), {"values": VALUES}),
    ("curry", lambda values: tiers.curry(values), {"values": VALUES}),
    ("quantile_scores", lambda values: tiers.quantile_scores(values), {"values": VALUES}),
    ("rfm_scores", lambda recency, frequency, monetary: tiers.rfm_scores(recency, frequency, monetary),
     {"recency": whole(0, 50), "frequency": FREQ, "monetary": VALUES}),
    ("rfm_segments", lambda r, f, m: tiers.rfm_segments(r, f, m),
     {"r": whole(1, 5), "f": whole(1, 5), "m": whole(1, 5)}),
    ("gini", lambda values: tiers.gini(values), {"values": VALUES}),
    ("lorenz", lambda values: tiers.lorenz(values, points=10), {"values": VALUES}),
    ("profit_pyramid", lambda values, tiers_: tiers.profit_pyramid(values, tiers_, 3),
     {"values": VALUES, "tiers_": whole(0, 2)}),
    ("migration", lambda from_tiers, to_tiers: tiers.migration(from_tiers, to_tiers, 3),
     {"from_tiers": whole(0, 2), "to_tiers": whole(0, 2)}),
    ("project", lambda distribution: tiers.project(distribution, [[0.9, 0.1], [0.5, 0.5]], periods=2),
     {"distribution": np.array([100.0, 20.0])}),
    ("clv_many", lambda margins: retention.clv_many(margins, 0.8, discount=0.1), {"margins": VALUES}),
    ("bg_p_alive", lambda frequency, recency, T: BG.conditional_probability_alive(frequency, recency, T),
     {"frequency": FREQ, "recency": RECENCY, "T": T_AGE}),
    ("bg_expected", lambda frequency, recency, T: BG.conditional_expected_number_of_purchases_up_to_time(
        10, frequency, recency, T), {"frequency": FREQ, "recency": RECENCY, "T": T_AGE}),
    ("bg_log_likelihood", lambda frequency, recency, T: BG.log_likelihood(frequency, recency, T),
     {"frequency": FREQ, "recency": RECENCY, "T": T_AGE}),
    ("bg_unconditional", lambda t: BG.expected_number_of_purchases_up_to_time(t), {"t": whole(0, 20, 5)}),
    ("pnbd_pmf", lambda frequency, recency, T: PNBD.conditional_probability_of_n_purchases_up_to_time(
        1, 10, frequency, recency, T), {"frequency": FREQ, "recency": RECENCY, "T": T_AGE}),
    ("gg_profit", lambda frequency, monetary_value: GG.conditional_expected_average_profit(
        frequency, monetary_value), {"frequency": FREQ + 1, "monetary_value": SPEND}),
    ("gg_clv", lambda frequency, recency, T, monetary_value: GG.customer_lifetime_value(
        BG, frequency, recency, T, monetary_value), {"frequency": FREQ, "recency": RECENCY, "T": T_AGE,
                                                     "monetary_value": SPEND}),
    ("bgbb_p_alive", lambda frequency, recency, n_periods: BGBB.conditional_probability_alive(
        2, frequency, recency, n_periods), {"frequency": FREQ, "recency": FREQ, "n_periods": N_PERIODS}),
    ("sbg_survival", lambda t: SBG.survival(t), {"t": whole(0, 12, 8)}),
    ("sbg_log_likelihood", lambda survivors: SBG.log_likelihood(survivors),
     {"survivors": np.array([200.0, 174, 149, 131, 119])}),
]
# Python argument names that differ from the field an error names (keywords taken by the lambdas).
FIELD = {"loyalty_": "loyalty", "tiers_": "tiers"}


def outcome(fn, kw):
    """The result as plain comparable data, or the error's class and facts."""
    try:
        r = fn(**kw)
    except cm.CustometricsError as e:
        return ("error", type(e).__name__, e.code, e.field, e.index)
    r = values(r)
    return r.to_dict() if hasattr(r, "to_dict") else r


def same(a, b):
    np.testing.assert_equal(values(a), values(b))


def values(r):
    """A prediction's values: predictions keep a Series input's form (tested in test_models.py)."""
    if isinstance(r, pd.Series) or (pl is not None and isinstance(r, pl.Series)):
        return r.to_numpy()
    return r


# ---- the input kinds, each a conversion of a float64 array of whole numbers ----------------------
KINDS = {
    "float64": lambda x: x,
    "int64": lambda x: x.astype(np.int64),
    "int32": lambda x: x.astype(np.int32),
    "int16": lambda x: x.astype(np.int16),
    "uint8": lambda x: x.astype(np.uint8),
    "uint64": lambda x: x.astype(np.uint64),
    "uint16": lambda x: x.astype(np.uint16),
    "uint32": lambda x: x.astype(np.uint32),
    "float32": lambda x: x.astype(np.float32),
    "float16": lambda x: x.astype(np.float16),
    "big-endian": lambda x: x.astype(">f8"),
    "strided": lambda x: np.repeat(x, 2)[::2],
    "strided int": lambda x: np.repeat(x.astype(np.int64), 3)[::3],
    "reversed": lambda x: x[::-1].copy()[::-1],
    "pandas": lambda x: pd.Series(x),
    "pandas int": lambda x: pd.Series(x.astype(np.int64), index=np.arange(len(x)) * 7),
    "pandas Int64": lambda x: pd.Series(x.astype(np.int64), dtype="Int64"),
    "pandas Float64": lambda x: pd.Series(x, dtype="Float64"),
    "list": lambda x: x.tolist(),
    "list of ints": lambda x: [int(v) for v in x],
    "tuple": lambda x: tuple(x.tolist()),
}
if pyarrow is not None:
    KINDS["pandas int64[pyarrow]"] = lambda x: pd.Series(x.astype(np.int64), dtype="int64[pyarrow]")
    KINDS["pandas double[pyarrow]"] = lambda x: pd.Series(x, dtype="double[pyarrow]")
if pl is not None:
    KINDS["polars Float64"] = lambda x: pl.Series(x)
    KINDS["polars Int64"] = lambda x: pl.Series(x.astype(np.int64))
    KINDS["polars Int32"] = lambda x: pl.Series(x.astype(np.int32))


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("name,fn,args", CASES, ids=[c[0] for c in CASES])
def test_every_kind_gives_the_float64_answer(name, fn, args, kind):
    expected = outcome(fn, dict(args))
    assert expected[0] != "error" if isinstance(expected, tuple) else True, expected
    got = outcome(fn, {k: KINDS[kind](v) for k, v in args.items()})
    same(got, expected)


@pytest.mark.parametrize("name,fn,args", CASES, ids=[c[0] for c in CASES])
def test_bool_is_zero_and_one(name, fn, args):
    bits = {k: (v > np.median(v)) for k, v in args.items()}
    same(outcome(fn, bits), outcome(fn, {k: b.astype(np.float64) for k, b in bits.items()}))


BAD = {
    "complex": lambda x: x + 1j,
    "datetime64": lambda x: x.astype(np.int64).astype("datetime64[D]"),
    "timedelta64": lambda x: x.astype(np.int64).astype("timedelta64[s]"),
    "str array": lambda x: x.astype(str),
    "list of str": lambda x: [str(v) for v in x],
    "bytes": lambda x: bytes(x.astype(np.uint8)),
    "object": lambda x: np.array([*x[:-1], "1"], dtype=object),
    "list with an object": lambda x: [*x[:-1].tolist(), object()],
    "pandas str": lambda x: pd.Series(x.astype(str)),
    "pandas datetime": lambda x: pd.Series(x.astype(np.int64).astype("datetime64[s]")),
    "2-D": lambda x: x.reshape(-1, 1),
    "scalar": lambda x: "10",
}
if pl is not None:
    BAD["polars str"] = lambda x: pl.Series(x.astype(str))


@pytest.mark.parametrize("bad", sorted(BAD))
@pytest.mark.parametrize("name,fn,args", CASES, ids=[c[0] for c in CASES])
def test_nonsense_is_an_error_naming_the_argument(name, fn, args, bad):
    for arg in args:
        kw = dict(args)
        kw[arg] = BAD[bad](args[arg])
        with pytest.raises(cm.CustometricsError) as e:
            fn(**kw)
        assert e.value.field == FIELD.get(arg, arg), (arg, str(e.value))
        assert e.value.code in ("invalid", "out_of_range", "not_finite"), str(e.value)


# ---- typed columns read block by block --------------------------------------------------------
# The kernels that read each column at its own width (the core's `Column`) widen it 1024 rows at
# a time inside chunks of 65536: long columns, with a bad value planted at a block edge, a chunk
# edge and near the end, give the float64 answer and the float64 error (field and index).
LONG = (1 << 16) + 3000
LONG_EDGES = [1024, 1 << 16, LONG - 2]


def long_whole(lo, hi):
    return np.random.default_rng(lo * 31 + hi).integers(lo, hi + 1, LONG).astype(np.float64)


LONG_FREQ = long_whole(0, 20)
COLUMN_CASES = [
    ("csat", lambda responses: satisfaction.csat(responses), {"responses": long_whole(1, 5)}, 9),
    ("satisfaction_rate", lambda ratings: satisfaction.satisfaction_rate(ratings, 3),
     {"ratings": long_whole(1, 5)}, -math.inf),
    ("trust_scores", lambda credibility, reliability, intimacy, self_orientation: trust.trust_scores(
        credibility, reliability, intimacy, self_orientation),
     {k: long_whole(1, 10) for k in trust.COMPONENTS}, 11),
    ("dick_basu", lambda attitude, patronage: loyalty.dick_basu(attitude, patronage),
     {"attitude": long_whole(1, 7), "patronage": long_whole(0, 12)}, math.inf),
    ("jones_sasser", lambda satisfaction, loyalty_: loyalty.jones_sasser(satisfaction, loyalty_),
     {"satisfaction": long_whole(1, 5), "loyalty_": long_whole(1, 5)}, 0),
    ("bg_p_alive", lambda frequency, recency, T: BG.conditional_probability_alive(frequency, recency, T),
     {"frequency": LONG_FREQ, "recency": LONG_FREQ * 2, "T": np.full(LONG, 41.0)}, -3),
    ("pnbd_pmf", lambda frequency, recency, T: PNBD.conditional_probability_of_n_purchases_up_to_time(
        1, 10, frequency, recency, T), {"frequency": LONG_FREQ, "recency": LONG_FREQ * 2, "T": np.full(LONG, 41.0)},
     -3),
    ("gg_profit", lambda frequency, monetary_value: GG.conditional_expected_average_profit(
        frequency, monetary_value), {"frequency": LONG_FREQ + 1, "monetary_value": long_whole(5, 500)}, -1),
]
KIND_DTYPE = {"int64": np.int64, "int8": np.int8, "uint16": np.uint16, "float32": np.float32,
              "pandas Int64": np.int64, "polars Int64": np.int64}
COLUMN_KINDS = ["int64", "int8", "uint16", "float32", "pandas Int64", "bool"]
if pl is not None:
    COLUMN_KINDS.append("polars Int64")


@pytest.mark.parametrize("kind", COLUMN_KINDS)
@pytest.mark.parametrize("name,fn,args,bad", COLUMN_CASES, ids=[c[0] for c in COLUMN_CASES])
def test_long_typed_columns_give_the_float64_answer_and_error(name, fn, args, bad, kind):
    if kind == "bool":
        # bool columns read as 0 and 1 (mostly invalid here: then the same first error)
        convert = lambda v: v > np.median(v)  # noqa: E731
        args = {k: convert(v).astype(np.float64) for k, v in args.items()}
    else:
        to_kind = {"int8": lambda x: x.astype(np.int8)}.get(kind, KINDS.get(kind))

        def convert(v):
            # a column the kind cannot hold exactly stays float64
            fits = np.array_equal(np.asarray(v).astype(KIND_DTYPE.get(kind, np.float64)).astype(np.float64), v)
            return to_kind(v) if fits else v
    same(outcome(fn, {k: convert(v) for k, v in args.items()}), outcome(fn, args))
    if kind == "bool" or not (isinstance(bad, int) or kind == "float32"):
        return
    for arg in args:
        for at in LONG_EDGES:
            planted = dict(args)
            planted[arg] = args[arg].copy()
            planted[arg][at] = bad
            if kind.startswith("uint") and bad < 0 or kind == "int8" and abs(bad) > 127:
                continue
            want = outcome(fn, planted)
            assert want[0] == "error" and want[3] == FIELD.get(arg, arg) and want[4] == at, (want, arg, at)
            same(outcome(fn, {k: convert(v) for k, v in planted.items()}), want)


def test_nullable_without_missing_is_read_at_its_width_and_with_missing_as_nan():
    x = long_whole(1, 5)
    s = pd.Series(x.astype(np.int64), dtype="Int64")
    same(satisfaction.csat(s).to_dict(), satisfaction.csat(x).to_dict())
    s.iloc[LONG - 1] = pd.NA
    with pytest.raises(cm.NotFiniteError) as e:
        satisfaction.csat(s)
    assert e.value.index == LONG - 1
    same(satisfaction.csat(s, nan_policy="omit").to_dict(), satisfaction.csat(x[:-1]).to_dict())


# ---- missing values ---------------------------------------------------------------------------
NAN_POLICY = [
    ("nps", lambda x, p: satisfaction.nps(x, nan_policy=p), SCORES),
    ("csat", lambda x, p: satisfaction.csat(x, nan_policy=p), RATINGS),
    ("satisfaction_rate", lambda x, p: satisfaction.satisfaction_rate(x, 3, nan_policy=p), RATINGS),
    ("nps_difference", lambda x, p: satisfaction.nps_difference(x, SCORES_B, nan_policy=p), SCORES),
    ("trust_scores", lambda x, p: trust.trust_scores(x, *TRUST[1:], nan_policy=p), TRUST[0]),
]
MISSING = {
    "pandas Int64 with pd.NA": lambda x: pd.Series(x.astype(np.int64), dtype="Int64"),
    "pandas Float64 with pd.NA": lambda x: pd.Series(x, dtype="Float64"),
    "list with None": lambda x: x.tolist(),
    "object array with pd.NA": lambda x: np.array(x.tolist(), dtype=object),
}
if pyarrow is not None:
    MISSING["pandas int64[pyarrow] with null"] = lambda x: pd.Series(x.astype(np.int64), dtype="int64[pyarrow]")
if pl is not None:
    MISSING["polars Int64 with null"] = lambda x: pl.Series(x.astype(np.int64))


def with_missing(kind, x, at):
    v = MISSING[kind](x)
    if isinstance(v, list):
        for i in at:
            v[i] = None
    elif isinstance(v, np.ndarray):
        v[at] = pd.NA
    elif pl is not None and isinstance(v, pl.Series):
        v = v.scatter(at, None)
    else:
        v = v.copy()
        v.iloc[at] = pd.NA
    return v


@pytest.mark.parametrize("policy", ["raise", "omit", "propagate"])
@pytest.mark.parametrize("kind", sorted(MISSING))
@pytest.mark.parametrize("name,fn,x", NAN_POLICY, ids=[c[0] for c in NAN_POLICY])
def test_missing_values_are_nan_under_every_policy(name, fn, x, kind, policy):
    at = [3, 17]
    nan = x.copy()
    nan[at] = math.nan
    expected = outcome(lambda v: fn(v, policy), {"v": nan})
    same(outcome(lambda v: fn(v, policy), {"v": with_missing(kind, x, at)}), expected)
    if policy == "raise":
        assert expected[:2] == ("error", "NotFiniteError") and expected[-1] == 3


# ---- 2-D inputs: read by shape, never by memory layout -----------------------------------------
R = np.array([[1.0, 10.0], [1.0, 10.0], [10.0, 1.0]])
SQ_E = whole(1, 7, 30).reshape(10, 3)
SQ_P = whole(1, 7, 30).reshape(10, 3)
DIMS = {"a": [0, 1], "b": [2]}
LAYOUTS = {
    "C": lambda m: np.ascontiguousarray(m),
    "Fortran": lambda m: np.asfortranarray(m),
    "non-contiguous slice": lambda m: np.repeat(np.repeat(m, 2, axis=0), 3, axis=1)[::2, ::3],
    "transposed view": lambda m: np.ascontiguousarray(m.T).T,
    "int64 Fortran": lambda m: np.asfortranarray(m.astype(np.int64)),
    "float32": lambda m: m.astype(np.float32),
    "DataFrame": lambda m: pd.DataFrame(m),
    "DataFrame of int columns": lambda m: pd.DataFrame({i: m[:, i].astype(np.int64) for i in range(m.shape[1])}),
    "DataFrame Int64": lambda m: pd.DataFrame(m).astype("Int64"),
    "list of rows": lambda m: m.tolist(),
}
if pl is not None:
    LAYOUTS["polars DataFrame"] = lambda m: pl.DataFrame(m)

MATRIX_CASES = [
    ("csi", lambda m: satisfaction.csi(m, scale=(1, 10)), R),
    ("servqual expectations", lambda m: satisfaction.servqual(m, SQ_P, dimensions=DIMS), SQ_E),
    ("servqual perceptions", lambda m: satisfaction.servqual(SQ_E, m, dimensions=DIMS), SQ_P),
    ("zone_of_tolerance", lambda m: satisfaction.zone_of_tolerance(SQ_E - 1, SQ_E + 1, m, dimensions=DIMS), SQ_P),
]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name,fn,m", MATRIX_CASES, ids=[c[0] for c in MATRIX_CASES])
def test_2d_inputs_are_read_by_shape(name, fn, m, layout):
    same(outcome(fn, {"m": LAYOUTS[layout](m)}), outcome(fn, {"m": m}))


def test_csi_of_a_fortran_array_is_the_issue_example():
    assert satisfaction.csi(np.asfortranarray(R)).attribute_means.tolist() == [4.0, 7.0]
    assert satisfaction.csi(pd.DataFrame(R)).attribute_means.tolist() == [4.0, 7.0]


@pytest.mark.parametrize("bad", ["1-D", "3-D", "complex", "str"])
def test_bad_2d_inputs_name_the_argument(bad):
    m = {"1-D": SQ_E[0], "3-D": SQ_E[None], "complex": SQ_E + 0j, "str": SQ_E.astype(str)}[bad]
    with pytest.raises(cm.InvalidInputError) as e:
        satisfaction.servqual(SQ_E, m, dimensions=DIMS)
    assert e.value.field == "perceptions"


# ---- scalars out of range ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "call,field",
    [
        (lambda: satisfaction.csat([1, 5], scale_points=-1), "scale_points"),
        (lambda: satisfaction.csat([1, 5], scale_points=2**40), "scale_points"),
        (lambda: satisfaction.csat([1, 5], top_k=-2), "top_k"),
        (lambda: satisfaction.nps_from_counts(-1, 2, 3), "promoters"),
        (lambda: satisfaction.nps_from_counts(1, 2**70, 3), "passives"),
        (lambda: satisfaction.margin_of_error(0.5, -10), "n"),
        (lambda: satisfaction.sample_size(0.05, population=-5), "population"),
        (lambda: satisfaction.servqual(SQ_E, SQ_P, dimensions={"a": [-1], "b": [2]}), "dimensions"),
    ],
)
def test_whole_number_arguments_out_of_range_name_the_field(call, field):
    with pytest.raises(cm.OutOfRangeError) as e:
        call()
    assert e.value.field == field


# ---- never element by element through Python ---------------------------------------------------
class Probe:
    """An array-like that counts the element reads made through Python."""

    def __init__(self, a):
        self.a, self.calls = a, 0

    def __len__(self):
        return len(self.a)

    def __getitem__(self, i):
        self.calls += 1
        return self.a[i]

    def __iter__(self):
        self.calls += 1
        return iter(self.a)

    def __array__(self, dtype=None, copy=None):
        return self.a if dtype is None else self.a.astype(dtype)


class Counting(np.ndarray):
    """A numpy subclass that counts Python-level indexing."""

    calls = 0

    def __getitem__(self, i):
        Counting.calls += 1
        return super().__getitem__(i)

    def __iter__(self):
        Counting.calls += 1
        return super().__iter__()


@pytest.mark.parametrize("name,fn,args", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("dtype", [np.int64, np.float64])
def test_no_element_is_read_through_python(name, fn, args, dtype):
    probes = {k: Probe(v.astype(dtype)) for k, v in args.items()}
    same(outcome(fn, probes), outcome(fn, dict(args)))
    assert sum(p.calls for p in probes.values()) == 0
    Counting.calls = 0
    same(outcome(fn, {k: v.astype(dtype).view(Counting) for k, v in args.items()}), outcome(fn, dict(args)))
    assert Counting.calls == 0


def test_a_pandas_series_with_a_probe_index_is_read_through_its_buffer():
    s = pd.Series(SCORES.astype(np.int64))
    assert satisfaction.nps(s) == satisfaction.nps(SCORES)


def test_contiguous_float64_is_borrowed_not_copied():
    # The extension holds a read borrow of a float64 input, so using it as `out` as well is refused.
    f = FREQ.copy()
    with pytest.raises(cm.InvalidInputError) as e:
        BG.conditional_probability_alive(f, RECENCY, T_AGE, out=f)
    assert e.value.field == "out"
    # a converted (int64) input is a new array, so the same call with an int input can write `out`
    out = np.empty(N)
    BG.conditional_probability_alive(FREQ.astype(np.int64), RECENCY, T_AGE, out=out)
    same(out, BG.conditional_probability_alive(FREQ, RECENCY, T_AGE))


# ---- DataFrames of columns (the retention models) ----------------------------------------------
def frame(kind):
    cols = {"frequency": FREQ, "recency": RECENCY, "T": T_AGE, "monetary_value": SPEND}
    if kind == "float64":
        return pd.DataFrame(cols)
    if kind == "int64":
        return pd.DataFrame({k: v.astype(np.int64) for k, v in cols.items()})
    if kind == "Int64":
        return pd.DataFrame({k: pd.array(v.astype(np.int64), dtype="Int64") for k, v in cols.items()})
    if kind == "polars":
        return pl.DataFrame({k: v.astype(np.int64) for k, v in cols.items()})
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["float64", "int64", "Int64"] + (["polars"] if pl is not None else []))
def test_frames_of_any_column_dtype_give_the_same_predictions(kind):
    expected = BG.conditional_probability_alive(FREQ, RECENCY, T_AGE)
    same(BG.conditional_probability_alive(frame(kind)), expected)
    same(GG.customer_lifetime_value(BG, frame(kind)), GG.customer_lifetime_value(BG, frame("float64")))
    same(BG.log_likelihood(frame(kind)), BG.log_likelihood(FREQ, RECENCY, T_AGE))


def test_scalars_mixed_with_arrays_keep_their_kind():
    # a common T for everyone, given as an int
    same(BG.conditional_probability_alive(pd.Series(FREQ.astype(np.int64)), RECENCY, 30),
         BG.conditional_probability_alive(FREQ, RECENCY, T_AGE))
    assert BG.conditional_probability_alive(2, 6, 30) == BG.conditional_probability_alive(2.0, 6.0, 30.0)
    with pytest.raises(cm.InvalidInputError) as e:
        BG.conditional_probability_alive(FREQ, RECENCY, "30")
    assert e.value.field == "T"
    same(retention.clv_many(pl.Series(VALUES) if pl is not None else VALUES, 0, discount=0.1),
         retention.clv_many(VALUES, np.zeros(N), discount=0.1))
    with pytest.raises(cm.InvalidInputError) as e:
        retention.clv_many(VALUES, "0.8")
    assert e.value.field == "retention"
