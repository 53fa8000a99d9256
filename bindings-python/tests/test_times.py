"""Times and units: YYYYMMDD dates are read with ``format=`` or refused, never taken for years;
errors print dates; one table of ``freq`` codes (pandas' offset aliases) for every function."""

import numpy as np
import pandas as pd
import pytest

import custometrics as cm
from custometrics.retention import (
    BetaGeo,
    GammaGamma,
    expected_cumulative_transactions,
    holdout_scorecard,
    summary_from_transactions,
)
from custometrics.retention import _freq

IDS = [1, 1, 2]

# ---- YYYYMMDD ---------------------------------------------------------------------------------


@pytest.mark.parametrize("times", [["19970101", "19970108", "19970103"], [19970101, 19970108, 19970103],
                                   np.array([19970101, 19970108, 19970103]), pd.Series(["19970101", "19970108", "19970103"])])
def test_yyyymmdd_is_read_with_format(times):
    s = summary_from_transactions(IDS, times, format="%Y%m%d", as_frame=False)
    # 1 January to 8 January 1997 is 7 days (lifetimes, with the same format, says 7)
    assert s.recency.tolist() == [7.0, 0.0] and s.T.tolist() == [7.0, 5.0]


@pytest.mark.parametrize("times, value", [
    (["19970101", "19970108", "19970103"], "'19970101'"),
    (pd.Series(["1997-01-01", "19970108", "1997-01-03"]), "'19970108'"),
    (np.array([19970101, 19970108, 19970103], dtype=object), "19970101"),
    ([pd.Timestamp("1997-01-01"), 19970108, pd.Timestamp("1997-01-03")], "19970108"),
])
def test_yyyymmdd_without_format_is_refused_not_read_as_a_year(times, value):
    with pytest.raises(cm.InvalidInputError) as info:
        summary_from_transactions(IDS, times)
    e = info.value
    assert e.field == "times" and e.index == [str(v) for v in times].index(value.strip("'"))
    assert value in str(e) and "format='%Y%m%d'" in str(e)


def test_numbers_without_format_are_refused_with_the_hint():
    with pytest.raises(cm.InvalidInputError, match="format='%Y%m%d'") as info:
        summary_from_transactions(IDS, np.array([19970101, 19970108, 19970103]))
    assert info.value.field == "times"


def test_iso_dates_and_four_digit_years_still_read():
    s = summary_from_transactions(IDS, ["1997-01-01", "1997-01-08", "1997-01-03"], as_frame=False)
    assert s.recency.tolist() == [7.0, 0.0]
    s = summary_from_transactions(IDS, ["1997", "1998", "1997"], freq="D", as_frame=False)  # ISO years
    assert s.recency.tolist() == [365.0, 0.0]


def test_period_ends_take_the_format_or_are_refused():
    times = ["19970101", "19970108", "19970103"]
    with pytest.raises(cm.InvalidInputError) as info:
        summary_from_transactions(IDS, pd.to_datetime(times, format="%Y%m%d"), observation_period_end="19970131")
    assert info.value.field == "observation_end" and "'19970131'" in str(info.value)
    a = summary_from_transactions(IDS, times, format="%Y%m%d", observation_period_end="19970131", as_frame=False)
    b = summary_from_transactions(IDS, times, format="%Y%m%d", observation_period_end=19970131, as_frame=False)
    c = summary_from_transactions(IDS, times, format="%Y%m%d", observation_period_end="1997-01-31", as_frame=False)
    assert a.T.tolist() == b.T.tolist() == c.T.tolist() == [30.0, 28.0]
    with pytest.raises(cm.InvalidInputError) as info:
        summary_from_transactions(IDS, times, format="%d/%m/%Y")
    assert info.value.field == "times" and "%d/%m/%Y" in str(info.value)


def test_errors_about_period_ends_print_dates():
    times = pd.to_datetime(["1997-01-01", "1997-02-01", "1997-03-01"])
    with pytest.raises(cm.InvalidInputError) as info:
        summary_from_transactions(IDS, times, observation_period_end="1990-01-01")
    msg = str(info.value)
    assert info.value.field == "observation_end" and "1990-01-01" in msg and "1997-01-01" in msg
    assert "631152000" not in msg  # not the count of seconds since 1970
    with pytest.raises(cm.OutOfRangeError) as info:
        summary_from_transactions(IDS, times, calibration_period_end="1998-01-01", observation_period_end="1997-06-01")
    msg = str(info.value)
    assert info.value.field == "calibration_end" and "1998-01-01" in msg and "1997-06-01" in msg
    # a time of day is kept
    with pytest.raises(cm.InvalidInputError, match=r"1990-01-01T12:30:00"):
        summary_from_transactions(IDS, times, observation_period_end="1990-01-01T12:30")


# ---- freq codes -------------------------------------------------------------------------------

LOG = pd.DataFrame({
    "id": [1, 1, 1, 2, 2, 3],
    "at": pd.to_datetime(["2021-03-01 10:00", "2021-03-01 11:30", "2021-03-09 08:00", "2021-03-02 09:00",
                          "2021-03-20 00:00", "2021-03-05 00:00"]),
})


@pytest.mark.parametrize("code, alias", [("h", "H"), ("D", "d"), ("W", "w")])
def test_aliases_mean_their_code_everywhere(code, alias):
    a = summary_from_transactions(LOG["id"], LOG["at"], freq=code)
    b = summary_from_transactions(LOG["id"], LOG["at"], freq=alias)
    assert a.equals(b)
    m = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    ta = expected_cumulative_transactions(m, LOG, "at", "id", 3, freq=code)
    tb = expected_cumulative_transactions(m, LOG, "at", "id", 3, freq=alias)
    assert ta.equals(tb)


def test_clv_takes_the_same_codes_and_lifetimes_spellings():
    bg = BetaGeo.from_params(0.243, 4.414, 0.793, 2.426)
    gg = GammaGamma.from_params(6.25, 3.74, 15.44)
    one = (2, 30.43, 38.86, 22.35)
    assert gg.customer_lifetime_value(bg, *one, freq="h") == gg.customer_lifetime_value(bg, *one, freq="H")
    assert gg.customer_lifetime_value(bg, *one, freq="ME") == gg.customer_lifetime_value(bg, *one, freq="M")
    assert gg.customer_lifetime_value(bg, *one, freq="W") != gg.customer_lifetime_value(bg, *one, freq="D")
    for code in ("s", "min"):
        with pytest.raises(cm.InvalidInputError, match="the time unit the model was fitted in") as info:
            gg.customer_lifetime_value(bg, *one, freq=code)
        assert info.value.field == "freq"


@pytest.mark.parametrize("call", [
    lambda f: summary_from_transactions(LOG["id"], LOG["at"], freq=f),
    lambda f: expected_cumulative_transactions(BetaGeo.from_params(1, 1, 1, 1), LOG, "at", "id", 3, freq=f),
    lambda f: GammaGamma.from_params(6.25, 3.74, 15.44).customer_lifetime_value(
        BetaGeo.from_params(1, 1, 1, 1), 2, 3.0, 5.0, 10.0, freq=f),
    lambda f: holdout_scorecard(
        BetaGeo.from_params(1, 1, 1, 1),
        pd.DataFrame({"frequency": [1.0], "recency": [1.0], "T": [2.0], "frequency_holdout": [0.0],
                      "duration_holdout": [1.0]}),
        transactions=LOG, datetime_col="at", customer_id_col="id", freq=f),
], ids=["summary", "tracking", "clv", "scorecard"])
@pytest.mark.parametrize("bad", ["m", "Q", "", "days"])
def test_one_error_for_an_unknown_code_everywhere(call, bad):
    with pytest.raises(cm.InvalidInputError) as info:
        call(bad)
    e = info.value
    assert e.field == "freq" and repr(bad) in str(e)
    assert all(c in str(e) for c in ('"s"', '"min"', '"h"', '"D"', '"W"', '"ME"'))
    if bad == "m":
        assert '"min" for minutes, "ME" for months' in str(e)


def test_a_month_is_refused_where_periods_must_have_one_length():
    for code in ("M", "ME"):
        with pytest.raises(cm.InvalidInputError, match="fixed length") as info:
            summary_from_transactions(LOG["id"], LOG["at"], freq=code)
        assert info.value.field == "freq"


def test_the_table_is_the_cores_periods():
    # each fixed-length code collapses purchases as the core's period of that length does
    start = np.datetime64("2021-03-03T17:29:41")
    for code, (length, origin) in _freq._SECONDS.items():
        times = start + np.array([0, length // 2, length, 3 * length], dtype="timedelta64[s]")
        s = summary_from_transactions([1, 1, 1, 1], times, freq=code, as_frame=False)
        periods = (times.astype("datetime64[s]").astype(np.int64) - origin) // length
        assert s.frequency[0] == len(np.unique(periods)) - 1 and s.recency[0] == periods[-1] - periods[0], code
