"""custometrics.dask on a distributed LocalCluster with two workers: on the CDNOW log and on
generated data, every result equals the single-machine result — summaries and tiers exactly,
fits to 1e-9 relative, predictions bit for bit."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import custometrics.dask as cdask  # noqa: E402
import engine_survey  # noqa: E402
from custometrics import satisfaction, tiers  # noqa: E402
from custometrics.retention import (  # noqa: E402
    BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNBD, summary_from_transactions,
)

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def cdnow_log():
    log = pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["customer", "id2", "date", "cds", "dollars"], dtype={"date": str})
    log["date"] = pd.to_datetime(log["date"], format="%Y%m%d")
    return log[["customer", "date", "dollars"]]


def generated_log(customers=3000, seed=4):
    """A log of string ids, several purchases a day for some, over 200 days."""
    g = np.random.default_rng(seed)
    n = g.integers(1, 12, customers)
    ids = np.repeat([f"c{i:05d}" for i in range(customers)], n)
    first = np.repeat(g.integers(0, 150, customers), n)
    days = first + g.integers(0, 60, n.sum())
    times = np.datetime64("2024-01-01") + days.astype("timedelta64[D]") + g.integers(0, 86400, n.sum()).astype(
        "timedelta64[s]")
    return pd.DataFrame({"customer": ids, "date": times, "dollars": g.integers(100, 20000, n.sum()) / 100})


def same_frame(distributed_result, single):
    """Equal rows (exact, to the bit), whatever the partition order."""
    got = distributed_result.compute().set_index("customer_id").sort_index()
    single = single.sort_index()
    assert list(got.index) == list(single.index)
    assert list(got.columns) == list(single.columns)
    for c in single.columns:
        np.testing.assert_array_equal(got[c].to_numpy().view(np.uint64), single[c].to_numpy().view(np.uint64), err_msg=c)


CASES = {
    "cdnow": dict(freq="D", observation_period_end="1998-06-30", calibration_period_end="1997-09-30"),
    "cdnow-weeks": dict(freq="W"),
}


@pytest.mark.parametrize("case", CASES)
def test_cdnow_summary_equals_the_single_machine_summary(client, case):
    log = cdnow_log()
    frame = dd.from_pandas(log.sample(frac=1, random_state=1), npartitions=4)
    got = cdask.summary_from_transactions(frame, "customer", "date", "dollars", **CASES[case])
    single = summary_from_transactions(log["customer"], log["date"], log["dollars"], **CASES[case])
    same_frame(got, single)


def test_generated_summary_with_string_ids_and_seconds(client):
    log = generated_log()
    frame = dd.from_pandas(log, npartitions=3)
    opts = dict(calibration_period_end="2024-06-01", freq="h", freq_multiplier=24)
    with pytest.warns(UserWarning, match="after the observation end"):
        got = cdask.summary_from_transactions(frame, "customer", "date", "dollars",
                                              observation_period_end="2024-07-01", **opts)
    single = summary_from_transactions(log["customer"], log["date"], log["dollars"],
                                       observation_period_end="2024-07-01", **opts)
    same_frame(got, single)


@pytest.fixture(scope="module")
def cdnow_summaries(client):
    log = cdnow_log()
    frame = dd.from_pandas(log, npartitions=3)
    opts = dict(freq="D", freq_multiplier=7, observation_period_end="1997-09-30")
    single = summary_from_transactions(log["customer"], log["date"], log["dollars"], **opts)
    with pytest.warns(UserWarning, match="after the observation end"):
        dist = cdask.summary_from_transactions(frame, "customer", "date", "dollars", **opts)
    return dist.persist(), single


def close(a, b):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, atol=0)


@pytest.mark.parametrize("model", [lambda: BetaGeo(), lambda: ModifiedBetaGeo(), lambda: ParetoNBD(),
                                   lambda: ParetoNBD(penalizer=0.01), lambda: BetaGeo(penalizer=0.1)])
def test_fits_on_counted_histories_equal_the_single_machine_fit(cdnow_summaries, model):
    dist, single = cdnow_summaries
    got = cdask.fit(model(), dist)
    want = model().fit(single)
    close(got.params_.values, want.params_.values)
    close([got.log_likelihood_], [want.log_likelihood_])
    assert got.n_customers_ == want.n_customers_


def test_gamma_gamma_and_predictions_are_the_single_machine_bits(cdnow_summaries):
    dist, single = cdnow_summaries
    bg = cdask.fit(BetaGeo(), dist)
    repeat = dist[dist["frequency"] > 0]
    gg = cdask.fit(GammaGamma(), repeat)
    want = GammaGamma().fit(single[single["frequency"] > 0])
    close(gg.params_.values, want.params_.values)

    got = cdask.predict(dist, bg, t=10.0, spend_model=gg).compute().set_index("customer_id").sort_index()
    s = single.sort_index()
    expected = {
        "probability_alive": bg.conditional_probability_alive(s),
        "expected_purchases": bg.conditional_expected_number_of_purchases_up_to_time(10.0, s),
        "clv": gg.customer_lifetime_value(bg, s["frequency"], s["recency"], s["T"], s["monetary_value"]),
    }
    # Every prediction is the one-customer call's bits, whichever customers share a partition.
    for name, values in expected.items():
        np.testing.assert_array_equal(got[name].to_numpy().view(np.uint64),
                                      np.asarray(values, dtype=float).view(np.uint64), err_msg=name)


def survey(n=5000, seed=3):
    g = np.random.default_rng(seed)
    return pd.DataFrame({"score": g.integers(0, 11, n), "stars": g.integers(1, 6, n),
                         "region": g.choice(["north", "south", "east"], n)})


def test_survey_measures_by_segment_equal_the_single_machine_ones(client):
    answers = survey()
    frame = dd.from_pandas(answers, npartitions=4)
    got = cdask.nps(frame, "score", "region")
    want = satisfaction.nps(answers["score"], segments=answers["region"])
    pd.testing.assert_frame_equal(got.loc[want.index, want.columns], want, check_exact=True, check_index_type=False)
    got = cdask.csat(frame, "stars", "region")
    want = satisfaction.csat(answers["stars"], segments=answers["region"])
    pd.testing.assert_frame_equal(got.loc[want.index, want.columns], want, check_exact=True, check_index_type=False)


def test_survey_refuses_bad_answers_by_name(client):
    answers = survey(200)
    answers.loc[17, "score"] = 11
    with pytest.raises(ValueError, match="scores"):
        cdask.nps(dd.from_pandas(answers, npartitions=2), "score", "region")
    with pytest.raises(KeyError, match="'nope' is not a column"):
        cdask.nps(dd.from_pandas(answers, npartitions=2), "nope")



def test_csi_and_servqual_by_segment_equal_the_single_machine_ones(client):
    data = engine_survey.ratings()
    frame = dd.from_pandas(data, npartitions=4)
    engine_survey.check(
        data,
        lambda cols, seg, overall, **o: cdask.csi(frame, cols, seg, overall, **o),
        lambda e, p, seg, **o: cdask.servqual(frame, e, p, seg, **o),
    )
    gap = data.head(300).copy()
    gap["price"] = gap["price"].astype("Int64")
    gap.loc[gap.index[gap["region"] == "north"][0], "price"] = pd.NA
    engine_survey.check_bad_input(cdask.csi, cdask.servqual, dd.from_pandas(gap, npartitions=2))


def test_tiers_equal_the_single_machine_tiers(cdnow_summaries):
    dist, single = cdnow_summaries
    s = single.sort_index()
    got = cdask.abc(dist, "monetary_value").compute()
    np.testing.assert_array_equal(got["customer_id"], s.index)
    np.testing.assert_array_equal(got["abc"], tiers.abc(s["monetary_value"]))
    got = cdask.curry(dist, "monetary_value").compute()
    np.testing.assert_array_equal(got["curry"], tiers.curry(s["monetary_value"]))
    got = cdask.rfm_scores(dist, "recency", "frequency", "monetary_value").compute()
    want = tiers.rfm_scores(s["recency"], s["frequency"], s["monetary_value"])
    for k in ("r", "f", "m", "code"):
        np.testing.assert_array_equal(got[k], getattr(want, k))
    assert cdask.gini(dist, "monetary_value") == tiers.gini(s["monetary_value"])
    np.testing.assert_array_equal(cdask.lorenz(dist, "monetary_value").value_share,
                                  tiers.lorenz(s["monetary_value"]).value_share)


def test_bad_input_is_named(client):
    log = cdnow_log()
    with pytest.raises(KeyError, match=r"datetime_col='when' is not a column of the DataFrame \(columns: \["):
        cdask.summary_from_transactions(dd.from_pandas(log, npartitions=2), "customer", "when")
    log = log.astype({"customer": "Int64"})
    log.loc[5, "customer"] = pd.NA
    with pytest.raises(ValueError, match=r"1 null ids in column 'customer' \(per partition: \{0: 1\}\)"):
        cdask.summary_from_transactions(dd.from_pandas(log, npartitions=2), "customer", "date")
    with pytest.raises(TypeError, match="dask DataFrame"):
        cdask.fit(BetaGeo(), log)


def test_times_that_cannot_be_read_are_the_single_machine_error(client):
    log = cdnow_log().astype({"date": str})
    log.loc[3, "date"] = "not a date"
    with pytest.raises(ValueError, match="times"):
        cdask.summary_from_transactions(dd.from_pandas(log, npartitions=2), "customer", "date").compute()


def test_bg_bb_on_counted_histories_equals_the_fit_on_customers(client):
    """The donations data (Fader, Hardie & Shang 2010), one row per donor."""
    from custometrics.retention import BetaGeoBetaBinom

    d = pd.read_csv(DATA / "donations.csv")
    donors = d.loc[d.index.repeat(d["weights"].astype(int))].rename(columns={"periods": "n_periods"})
    donors = donors[["frequency", "recency", "n_periods"]].sample(frac=1, random_state=2).reset_index(drop=True)
    got = cdask.fit(BetaGeoBetaBinom(), dd.from_pandas(donors, npartitions=3))
    want = BetaGeoBetaBinom().fit(donors["frequency"], donors["recency"], donors["n_periods"])
    close(got.params_.values, want.params_.values)
    close([got.log_likelihood_], [want.log_likelihood_])
