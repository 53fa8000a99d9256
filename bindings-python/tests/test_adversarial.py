"""Every public function, called with generated hostile input: the outcome is a finite result or
a CustometricsError — never another exception, a NaN or an infinity in a result, or a long stall.

The functions are discovered from the ``__all__`` of each module, so a new one is covered the day
it is exported. Each call starts from one of the function's golden cases (core/tests/data: valid
arguments that reach deep into the function) and then damages it: an argument replaced by an
extreme or non-finite number, a huge or negative integer, a string, None, a tiny or huge decimal;
an element of an array replaced the same way; a whole array scaled towards the ends of the f64
range. The fitted models' methods are exercised by their own tests; here the models' classes
take part through the plain functions that use them.
"""

import dataclasses
import importlib
import inspect
import math
import time
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import custometrics as cm
from golden import CASES, call

MODULES = ("satisfaction", "trust", "loyalty", "tiers", "assessment", "retention")

# Results that may hold an infinity by their documented meaning, with the reason.
MAY_BE_INFINITE = {
    # n₀ beyond the f64 range for a margin below ~1e-154, allowed with a finite population
    # (the corrected size is then the whole population)
    ("satisfaction.sample_size", "n_infinite"),
}

# Arguments that tests/golden.py converts before the call (the files' form of a datetime array
# or of a custom instrument or frame, not the API's): damaging them would test the converter.
CONVERTED = {
    ("retention.summary_from_transactions", "times"),
    ("retention.summary_from_transactions", "observation_end"),
    ("retention.summary_from_transactions", "calibration_end"),
    ("assessment.excellence", "frame_items"),
    ("assessment.orientation", "instrument"),
}

# Python-only functions over pandas frames, fitted models or files, which have no golden case
# to start from (tests/test_golden.py lists why); their own tests feed them bad input.
NO_SEED = {
    "retention.generate_data": "test_simulate.py",
    "retention.expected_cumulative_transactions": "test_tracking.py",
    "retention.holdout_scorecard": "test_scorecard.py",
    "retention.calibration_and_holdout_data": "test_parity.py",
    "retention.summary_data_from_transaction_data": "test_parity.py",
    "retention.load_model": "test_parity.py (damaged files)",
}

# The longest one call may take (a generous bound: the slowest golden case takes milliseconds).
SLOW = 5.0


def _functions():
    out = []
    for name in MODULES:
        module = importlib.import_module(f"custometrics.{name}")
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.isroutine(obj):
                out.append(f"{name}.{attr}")
    return sorted(f for f in out if f not in NO_SEED)


FUNCTIONS = _functions()
SEEDS = {f: [c["args"] for c in CASES if c["function"] == f] for f in FUNCTIONS}


def test_every_public_function_has_a_seed():
    assert FUNCTIONS, "no public function discovered"
    assert all(importlib.import_module(f"custometrics.{f.split('.')[0]}").__all__ for f in NO_SEED)
    assert [f for f in FUNCTIONS if not SEEDS[f]] == []


FLOATS = st.one_of(
    st.sampled_from(
        [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 10.0, 100.0, 1e-300, 5e-324, -5e-324, 1e308, -1e308,
         1.7976931348623157e308, -1.7976931348623157e308, 0.9999999999999999, 1e-16, 1e16, 2.0**53]
    ),
    st.floats(allow_nan=False, allow_infinity=False),
)
NON_FINITE = st.sampled_from([math.nan, math.inf, -math.inf])
INTS = st.sampled_from([0, 1, 2, 3, 7, -1, -(2**63), 2**31, 2**32, 2**53 + 1, 2**63, 2**64, 10**12, 10**30])
OTHER = st.sampled_from(["", "x", "1", "end", "nan", None, True, b"1", 1j, [], [[]], {}])
DECIMALS = st.sampled_from(["1e-28", "1e28", "7.9e28", "-1e-28", "0.0000000000000000000000000001", "1e29"]).map(Decimal)
SCALAR = st.one_of(FLOATS, FLOATS, NON_FINITE, INTS, OTHER, DECIMALS)


def _paths(value, path=()):
    """Every position in a nested list/dict of arguments: (path, value)."""
    yield path, value
    if isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, list):
        return [(_replace(v, rest, new) if i == head else v) for i, v in enumerate(value)]
    return {k: (_replace(v, rest, new) if k == head else v) for k, v in value.items()}


def _scaled(value, factor):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value * factor
    if isinstance(value, list):
        return [_scaled(v, factor) for v in value]
    return value


@st.composite
def damaged(draw, function):
    """A golden case of ``function`` with one to three positions damaged, and whether a damage
    put a value of another type than a number where one was (for which Python's TypeError is
    an acceptable answer)."""
    args = draw(st.sampled_from(SEEDS[function]))
    retyped = False
    for _ in range(draw(st.integers(1, 3))):
        positions = [p for p, _ in _paths(args) if p and (function, p[0]) not in CONVERTED and "file" not in p]
        if not positions:
            break
        path = draw(st.sampled_from(positions))
        kind = draw(st.sampled_from(["scalar", "scalar", "scale"]))
        if kind == "scale":
            old = args
            for p, v in _paths(old):
                if p == path:
                    args = _replace(old, path, _scaled(v, draw(st.sampled_from([1e300, 1e-300, -1.0, 1e154]))))
        else:
            new = draw(SCALAR)
            old = dict(_paths(args))[path]
            def kind(v):
                # the golden file writes NaN and the infinities as "NaN", "Infinity", "-Infinity":
                # numbers, so a string put in their place is another type
                number = isinstance(v, (int, float)) and not isinstance(v, bool) or v in ("NaN", "Infinity", "-Infinity")
                return "number" if number else type(v)

            retyped = retyped or kind(new) != kind(old)
            args = _replace(args, path, new)
    return args, retyped


def _bad_numbers(value, where, allow_nan):
    """Where ``value`` holds a NaN or an infinity (a finite result has none)."""
    bad = []

    def walk(v, at):
        if isinstance(v, bool) or v is None or isinstance(v, (str, bytes, int)):
            return
        if isinstance(v, float):
            if math.isnan(v) and not allow_nan or math.isinf(v) and (where, at.split(".")[-1]) not in MAY_BE_INFINITE:
                bad.append((at, v))
        elif isinstance(v, Decimal):
            if not v.is_finite():
                bad.append((at, v))
        elif isinstance(v, np.ndarray):
            if v.dtype.kind == "f":
                finite = np.isfinite(v) | (np.isnan(v) if allow_nan else False)
                if not finite.all():
                    bad.append((at, v[~finite][:3].tolist()))
            elif v.dtype.kind == "O":
                for i, x in enumerate(v.ravel()[:1000]):
                    walk(x, f"{at}[{i}]")
        elif isinstance(v, np.generic):
            walk(v.item(), at)
        elif dataclasses.is_dataclass(v):
            for f in dataclasses.fields(v):
                walk(getattr(v, f.name), f"{at}.{f.name}")
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, f"{at}.{k}")
        elif isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                walk(x, f"{at}[{i}]")
        elif hasattr(v, "to_numpy"):
            walk(np.asarray(v.to_numpy(), dtype=object), at)

    walk(value, "result")
    return bad


def check(function, args, retyped=False):
    """Calls ``function`` with ``args`` and asserts the outcome keeps the rule; a TypeError is
    accepted only when ``retyped`` (a value of another type than the function takes)."""
    policy = args.get("nan_policy", "raise") if isinstance(args, dict) else "raise"
    start = time.perf_counter()
    try:
        result = call(function, args)
    except cm.CustometricsError:
        return "error"
    except TypeError as e:
        # Python's own refusal of an argument of the wrong type (a string where a number is
        # wanted, a list for a scalar): the usual Python contract, raised before any work.
        assert retyped, f"{function}({args!r}) raised TypeError for values of the right types: {e}"
        return "type"
    except Exception as e:  # noqa: BLE001 - any other kind is the defect this test looks for
        pytest.fail(f"{function}({args!r}) raised {type(e).__name__}: {e}")
    finally:
        took = time.perf_counter() - start
        assert took < SLOW, f"{function}({args!r}) took {took:.1f} s"
    bad = _bad_numbers(result, function, allow_nan=policy != "raise")
    assert not bad, f"{function}({args!r}) returned non-finite values at {bad[:5]}"
    return "ok"


@pytest.mark.parametrize("function", FUNCTIONS)
def test_hostile_input_gives_a_finite_result_or_a_custometrics_error(function):
    @settings(max_examples=60, suppress_health_check=list(HealthCheck), deadline=None)
    @given(damaged(function))
    def run(case):
        check(function, *case)

    run()


def test_the_seeds_themselves_keep_the_rule():
    for function in FUNCTIONS:
        for args in SEEDS[function]:
            check(function, args)


# ---- what the harness found, pinned ----


@pytest.mark.parametrize("scale", ["", (), (1.0,), [1.0, 2.0, 3.0]])
def test_a_scale_that_is_not_a_pair_is_an_invalid_input_error(scale):
    # was a bare ValueError from the tuple extraction ("expected tuple of length 2")
    for call in (
        lambda: cm.satisfaction.csi([[1.0, 2.0]], scale=scale),
        lambda: cm.trust.trust_score(5, 5, 5, 5, scale=scale),
    ):
        with pytest.raises(cm.InvalidInputError) as e:
            call()
        assert e.value.field == "scale"


def test_a_ragged_list_is_an_invalid_input_error_naming_the_argument():
    # numpy's ValueError escaped from the Python layer
    with pytest.raises(cm.InvalidInputError) as e:
        cm.retention.clv_many([100.0, 50.0], [[], 0.5])
    assert e.value.field == "retention"
    with pytest.raises(cm.InvalidInputError) as e:
        cm.tiers.profit_pyramid([3.0, 1.0], [[], 2], n_tiers=3)
    assert e.value.field == "tiers"


@pytest.mark.parametrize("items", [[0, 1.5], [0, math.inf], [0, "1"]])
def test_servqual_dimensions_take_whole_columns(items):
    # 1.5 became column 1 silently; inf raised OverflowError
    with pytest.raises(cm.InvalidInputError) as e:
        cm.satisfaction.servqual([[5, 5, 5]], [[4, 6, 7]], dimensions={"a": items, "b": [2]})
    assert e.value.field == "dimensions['a']"
    with pytest.raises(cm.InvalidInputError):
        cm.satisfaction.servqual([[5, 5, 5]], [[4, 6, 7]], dimensions=0.0)


def test_big_integers_are_reported_as_given():
    # a horizon of 10**12 was narrowed to 4294967295 before the core saw it
    with pytest.raises(cm.OutOfRangeError) as e:
        cm.tiers.markov_clv([[0.5, 0.5], [0, 1]], ["12", 0], 0.25, horizon=10**12)
    assert (e.value.field, str(e.value).split(" is ")[0]) == ("horizon", "horizon = 1000000000000")
    with pytest.raises(cm.OutOfRangeError) as e:
        cm.tiers.quantile_scores([1.0, 2.0], q=2**40)
    assert e.value.field == "q" and "1099511627776" in str(e.value)
    # customer_equity blamed customers for an overflow of (1 + discount)^acquired_in
    cohort = cm.retention.Cohort(customers=10, margin=100, retention=0.5, acquired_in=10**12)
    ce = cm.retention.customer_equity([cohort], discount=0.1)
    assert ce.equity == 0


def test_unanimous_samples_that_differ_have_no_z():
    # z was inf; the difference is certain: z None, p = 0
    d = cm.satisfaction.nps_difference([10], [3, 0])
    assert d.z is None and d.p_value == 0.0 and d.difference == 200.0


def test_money_at_the_decimal_limits():
    assert cm.retention.cost_ratio(500, Decimal("1e-28")) == 5e30  # was nan
    assert cm.retention.payback(300, Decimal("1e-28"), 0.5).simple_periods == 3e30
    v = cm.retention.clv(100, 0.9999999999999999, horizon=10)
    assert round(v.gross, 20) == Decimal("999.99999999999945")  # was 999.9999999999999


def test_sizes_and_z_near_the_edges():
    with pytest.raises(cm.OutOfRangeError) as e:
        cm.satisfaction.sample_size(1e-10)
    assert e.value.field == "margin"
    assert cm.satisfaction.sample_size(5e-324, population=1000).n == 1000
    # −Φ⁻¹(2⁻⁵⁴) = 8.292361075813595 (statistics.NormalDist().inv_cdf, Wichura's AS 241)
    z = cm.satisfaction.sample_size(0.05, confidence=0.9999999999999999).z
    assert z == pytest.approx(8.292361075813595, rel=1e-12)
