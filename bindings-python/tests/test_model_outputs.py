"""The output rule of the model predictions through Python (issue 15): a batch refuses what the
one-customer call refuses, naming the customer; every value returned is in its domain; the CLV
horizon is capped; a fit whose data cannot determine the parameters says so."""

import numpy as np
import pytest

import custometrics as cm
from custometrics.retention import BetaGeo, BetaGeoBetaBinom, GammaGamma, ParetoNBD, ShiftedBetaGeo


def test_a_batch_refuses_what_the_scalar_refuses_naming_the_customer():
    m = ParetoNBD.from_params(1e-8, 1e-8, 1e-8, 1.0)
    try:
        one = m.conditional_probability_alive(0, 0, 20)
    except cm.DivergesError:
        with pytest.raises(cm.DivergesError) as info:
            m.conditional_probability_alive([2, 0], [1, 0], [20, 20])
        assert (info.value.field, info.value.index) == ("frequency", 1)
    else:  # computable: the same bits both ways
        assert m.conditional_probability_alive([0], [0], [20])[0] == one


def test_long_horizons_are_a_value_in_domain_or_a_named_error():
    m = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    try:
        e = m.conditional_expected_number_of_purchases_up_to_time(1e20, [0, 2], [0, 30], [38.86, 38.86])
    except cm.DivergesError as err:
        assert err.index == 0 and err.field == "frequency"
    else:
        assert np.all(np.isfinite(e)) and np.all(e >= 0)


def test_probabilities_do_not_pass_one():
    assert BetaGeo.from_params(0.243, 4.414, 0.793, 2.426).probability_of_n_purchases_up_to_time(5e-324, 0) <= 1.0
    assert BetaGeoBetaBinom.from_params(1.204, 0.750, 0.657, 2.783).probability_of_n_purchases_up_to_time(0, 0) <= 1.0


def test_the_clv_horizon_is_capped_and_named():
    bg = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    gg = GammaGamma.from_params(6.25, 3.74, 15.44)
    args = (bg, [2.0], [30.43], [38.86], [22.35])
    assert gg.customer_lifetime_value(*args, time=1200, freq="W")[0] > 0
    with pytest.raises(cm.OutOfRangeError) as info:
        gg.customer_lifetime_value(*args, time=10**8, freq="W")
    assert info.value.field == "time"


def test_a_bg_bb_fit_over_a_billion_opportunities_is_not_a_billion_terms():
    # The likelihood added every opportunity's term: 1e9 opportunities took over a minute.
    f = BetaGeoBetaBinom().fit([0.0, 1, 3, 2, 5, 0, 4], [0.0, 5e8, 9e8, 3e8, 1e9, 0, 7e8], [1e9] * 7,
                               require_convergence=False)
    assert all(np.isfinite(v) and v > 0 for v in f.params_)


def test_fits_the_data_cannot_identify_are_refused():
    with pytest.raises(cm.InvalidInputError, match="not identified") as info:
        BetaGeo().fit([0.0] * 4, [0.0] * 4, [10.0, 20, 30, 40])
    assert info.value.field == "frequency"
    with pytest.raises(cm.InvalidInputError, match="not identified"):
        ShiftedBetaGeo().fit([1000, 500])
