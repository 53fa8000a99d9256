"""custometrics.spark on a local Spark session (two cores, one session for the module): on the
CDNOW log and on generated data, every result equals the single-machine result — summaries and
tiers exactly, fits to 1e-9 relative, predictions bit for bit (see the note on CLV)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import os  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402

pytest.importorskip("pyspark")
if shutil.which("java") is None:  # pragma: no cover - make setup installs it
    pytest.skip("Spark needs Java (make setup installs Debian's openjdk-17-jre-headless)", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

import custometrics.spark as cspark  # noqa: E402
import engine_survey  # noqa: E402
from custometrics import satisfaction, tiers  # noqa: E402
from custometrics.retention import (  # noqa: E402
    BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNBD, summary_from_transactions,
)

# pyspark 4.3 warns that it does not yet fully support pandas 3 (every result here is compared
# with the single-machine one, so a conversion it got wrong would fail a test)
pytestmark = [
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]").appName("custometrics-tests")
        .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4").config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "1g").getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def frame_of(spark, pdf, partitions):
    return spark.createDataFrame(pdf).repartition(partitions)


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
    got = distributed_result.toPandas().set_index("customer_id").sort_index()
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
def test_cdnow_summary_equals_the_single_machine_summary(spark, case):
    log = cdnow_log()
    frame = frame_of(spark, log.sample(frac=1, random_state=1), 4)
    got = cspark.summary_from_transactions(frame, "customer", "date", "dollars", **CASES[case])
    single = summary_from_transactions(log["customer"], log["date"], log["dollars"], **CASES[case])
    same_frame(got, single)


def test_generated_summary_with_string_ids_and_seconds(spark):
    log = generated_log()
    frame = frame_of(spark, log, 3)
    opts = dict(calibration_period_end="2024-06-01", freq="h", freq_multiplier=24)
    with pytest.warns(UserWarning, match="after the observation end"):
        got = cspark.summary_from_transactions(frame, "customer", "date", "dollars",
                                              observation_period_end="2024-07-01", **opts)
    single = summary_from_transactions(log["customer"], log["date"], log["dollars"],
                                       observation_period_end="2024-07-01", **opts)
    same_frame(got, single)


@pytest.fixture(scope="module")
def cdnow_summaries(spark):
    log = cdnow_log()
    frame = frame_of(spark, log, 3)
    opts = dict(freq="D", freq_multiplier=7, observation_period_end="1997-09-30")
    single = summary_from_transactions(log["customer"], log["date"], log["dollars"], **opts)
    with pytest.warns(UserWarning, match="after the observation end"):
        dist = cspark.summary_from_transactions(frame, "customer", "date", "dollars", **opts)
    return dist.cache(), single


def close(a, b):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, atol=0)


@pytest.mark.parametrize("model", [lambda: BetaGeo(), lambda: ModifiedBetaGeo(), lambda: ParetoNBD(),
                                   lambda: ParetoNBD(penalizer=0.01), lambda: BetaGeo(penalizer=0.1)])
def test_fits_on_counted_histories_equal_the_single_machine_fit(cdnow_summaries, model):
    dist, single = cdnow_summaries
    got = cspark.fit(model(), dist)
    want = model().fit(single)
    close(got.params_.values, want.params_.values)
    close([got.log_likelihood_], [want.log_likelihood_])
    assert got.n_customers_ == want.n_customers_


def test_gamma_gamma_and_predictions_are_the_single_machine_bits(cdnow_summaries):
    dist, single = cdnow_summaries
    bg = cspark.fit(BetaGeo(), dist)
    repeat = dist[dist["frequency"] > 0]
    gg = cspark.fit(GammaGamma(), repeat)
    want = GammaGamma().fit(single[single["frequency"] > 0])
    close(gg.params_.values, want.params_.values)

    got = cspark.predict(dist, bg, t=10.0, spend_model=gg).toPandas().set_index("customer_id").sort_index()
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


def test_survey_measures_by_segment_equal_the_single_machine_ones(spark):
    answers = survey()
    frame = frame_of(spark, answers, 4)
    got = cspark.nps(frame, "score", "region")
    want = satisfaction.nps(answers["score"], segments=answers["region"])
    pd.testing.assert_frame_equal(got.loc[want.index, want.columns], want, check_exact=True, check_index_type=False)
    got = cspark.csat(frame, "stars", "region")
    want = satisfaction.csat(answers["stars"], segments=answers["region"])
    pd.testing.assert_frame_equal(got.loc[want.index, want.columns], want, check_exact=True, check_index_type=False)


def test_survey_refuses_bad_answers_by_name(spark):
    answers = survey(200)
    answers.loc[17, "score"] = 11
    with pytest.raises(ValueError, match="scores"):
        cspark.nps(frame_of(spark, answers, 2), "score", "region")
    with pytest.raises(KeyError, match="'nope' is not a column"):
        cspark.nps(frame_of(spark, answers, 2), "nope")



def test_csi_and_servqual_by_segment_equal_the_single_machine_ones(spark):
    data = engine_survey.ratings()
    frame = frame_of(spark, data, 4)
    engine_survey.check(
        data,
        lambda cols, seg, overall, **o: cspark.csi(frame, cols, seg, overall, **o),
        lambda e, p, seg, **o: cspark.servqual(frame, e, p, seg, **o),
    )
    gap = data.head(300).copy()
    gap["price"] = gap["price"].astype("Int64")
    gap.loc[gap.index[gap["region"] == "north"][0], "price"] = pd.NA
    engine_survey.check_bad_input(cspark.csi, cspark.servqual, frame_of(spark, gap, 2))


def test_tiers_equal_the_single_machine_tiers(cdnow_summaries):
    dist, single = cdnow_summaries
    s = single.sort_index()
    got = cspark.abc(dist, "monetary_value").toPandas()
    np.testing.assert_array_equal(got["customer_id"], s.index)
    np.testing.assert_array_equal(got["abc"], tiers.abc(s["monetary_value"]))
    got = cspark.curry(dist, "monetary_value").toPandas()
    np.testing.assert_array_equal(got["curry"], tiers.curry(s["monetary_value"]))
    got = cspark.rfm_scores(dist, "recency", "frequency", "monetary_value").toPandas()
    want = tiers.rfm_scores(s["recency"], s["frequency"], s["monetary_value"])
    for k in ("r", "f", "m", "code"):
        np.testing.assert_array_equal(got[k], getattr(want, k))
    assert cspark.gini(dist, "monetary_value") == tiers.gini(s["monetary_value"])
    np.testing.assert_array_equal(cspark.lorenz(dist, "monetary_value").value_share,
                                  tiers.lorenz(s["monetary_value"]).value_share)


def test_bad_input_is_named(spark):
    log = cdnow_log()
    with pytest.raises(KeyError, match=r"datetime_col='when' is not a column of the DataFrame \(columns: \["):
        cspark.summary_from_transactions(frame_of(spark, log, 2), "customer", "when")
    log = log.astype({"customer": "Int64"})
    log.loc[5, "customer"] = pd.NA
    with pytest.raises(ValueError, match=r"1 null ids in column 'customer' \(per partition: \{\d: 1\}\)"):
        cspark.summary_from_transactions(frame_of(spark, log, 2), "customer", "date")
    with pytest.raises(TypeError, match="Spark DataFrame"):
        cspark.fit(BetaGeo(), log)
