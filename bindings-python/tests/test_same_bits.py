"""The same bits as native Rust: core/tests/data/same_bits.json records inputs and the bits of
their results (written by core/tests/suite/same_bits.rs); Python must give exactly those bits."""

import json
import pathlib
import struct

import custometrics as cm
import numpy as np

DATA = json.loads((pathlib.Path(__file__).parents[2] / "core/tests/data/same_bits.json").read_text())


def _float(bits: str) -> float:
    return struct.unpack("<d", struct.pack("<Q", int(bits)))[0]


def _bits(x: float) -> str:
    return str(struct.unpack("<Q", struct.pack("<d", x))[0])


def test_normal_critical_values_and_nps_intervals_have_the_native_bits():
    differ = []
    for c_bits, z_bits, low_bits in DATA["rows"]:
        c = _float(c_bits)
        z = cm.satisfaction.sample_size(0.05, confidence=c).z
        low = cm.satisfaction.nps(DATA["nps_scores"], confidence=c).ci_low
        if (_bits(z), _bits(low)) != (z_bits, low_bits):
            differ.append((c, z, _float(z_bits), low, _float(low_bits)))
    assert len(DATA["rows"]) >= 1000
    assert differ == []


MODELS = DATA["models"]


def _floats(bits):
    return np.array([_float(x) for x in bits], dtype=np.float64)


def _differ(what, got, bits):
    """The positions where ``got`` (a number or an array) does not have the recorded bits."""
    got = np.atleast_1d(np.asarray(got, dtype=np.float64))
    want = [bits] if isinstance(bits, str) else bits
    return [(what, i, g, _float(w)) for i, (g, w) in enumerate(zip(got.tolist(), want)) if _bits(g) != w]


def test_transaction_model_predictions_have_the_native_bits():
    classes = {"BetaGeo": cm.retention.BetaGeo, "ModifiedBetaGeo": cm.retention.ModifiedBetaGeo,
               "ParetoNBD": cm.retention.ParetoNBD}
    differ = []
    for name, cls in classes.items():
        for case in MODELS[name]:
            m = cls.from_params(*_floats(case["params"]))
            f, r, T, t = _floats(case["frequency"]), _floats(case["recency"]), _floats(case["T"]), _float(case["t"])
            differ += _differ(f"{name}.p_alive", m.conditional_probability_alive(f, r, T), case["p_alive"])
            differ += _differ(f"{name}.conditional", m.conditional_expected_number_of_purchases_up_to_time(t, f, r, T),
                              case["conditional_expected"])
            differ += _differ(f"{name}.expected", m.expected_number_of_purchases_up_to_time(t), case["expected"])
            pmf = [m.probability_of_n_purchases_up_to_time(t, n) for n in range(len(case["pmf"]))]
            differ += _differ(f"{name}.pmf", pmf, case["pmf"])
            differ += _differ(f"{name}.log_likelihood", m.log_likelihood(f, r, T), case["log_likelihood"])
        assert len(MODELS[name]) >= 20
    assert differ == []


def test_bgbb_gamma_gamma_and_sbg_predictions_have_the_native_bits():
    differ = []
    for case in MODELS["BetaGeoBetaBinom"]:
        m = cm.retention.BetaGeoBetaBinom.from_params(*_floats(case["params"]))
        f, r, n = _floats(case["frequency"]), _floats(case["recency"]), _floats(case["n_periods"])
        future, periods = case["m_periods_in_future"], case["periods"]
        differ += _differ("bgbb.p_alive", m.conditional_probability_alive(future, f, r, n), case["p_alive"])
        differ += _differ("bgbb.conditional", m.conditional_expected_number_of_purchases_up_to_time(future, f, r, n),
                          case["conditional_expected"])
        differ += _differ("bgbb.expected", m.expected_number_of_purchases_up_to_time(periods), case["expected"])
        pmf = [m.probability_of_n_purchases_up_to_time(periods, x) for x in range(periods + 1)]
        differ += _differ("bgbb.pmf", pmf, case["pmf"])
        differ += _differ("bgbb.log_likelihood", m.log_likelihood(f, r, n), case["log_likelihood"])
    for case in MODELS["GammaGamma"]:
        m = cm.retention.GammaGamma.from_params(*_floats(case["params"]))
        f, money = _floats(case["frequency"]), _floats(case["monetary_value"])
        differ += _differ("gg.profit", m.conditional_expected_average_profit(f, money), case["profit"])
        differ += _differ("gg.log_likelihood", m.log_likelihood(f, money), case["log_likelihood"])
        bg = cm.retention.BetaGeo.from_params(*_floats(case["clv_bg_params"]))
        clv = m.customer_lifetime_value(bg, f, _floats(case["recency"]), _floats(case["T"]), money)
        differ += _differ("gg.clv", clv, case["clv"])
    for case in MODELS["ShiftedBetaGeo"]:
        m = cm.retention.ShiftedBetaGeo.from_params(*_floats(case["params"]))
        differ += _differ("sbg.survival_curve", m.survival_curve(case["periods"]), case["survival_curve"])
        differ += _differ("sbg.retention_curve", m.retention_curve(case["periods"]), case["retention_curve"])
        differ += _differ("sbg.del", m.discounted_expected_lifetime(_float(case["discount"])), case["del"])
    assert differ == []
