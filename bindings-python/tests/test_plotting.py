"""custometrics.plotting: every plot rendered to PNG with the Agg backend, and what it shows
checked against the numbers it draws — bar heights, line data, image cells, labels, titles —
computed here from the library's results, not read back from the plot's own code.

Set CUSTOMETRICS_PLOT_DIR to keep the PNGs for a look."""

import io
import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402

import custometrics  # noqa: E402
from custometrics import loyalty, plotting, satisfaction, tiers, trust  # noqa: E402
from custometrics.plotting import _dist  # noqa: E402
from custometrics.retention import (  # noqa: E402
    BetaGeo, BetaGeoBetaBinom, ModifiedBetaGeo, ParetoNBD, ShiftedBetaGeo, expected_cumulative_transactions,
    generate_data, holdout_scorecard, summary_from_transactions,
)

DATA = Path(__file__).resolve().parents[2] / "core" / "tests" / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
KEEP = os.environ.get("CUSTOMETRICS_PLOT_DIR")


@pytest.fixture
def png(request):
    """Renders an Axes' figure to PNG (checking it is one), keeps it when asked, closes it."""

    def render(ax):
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=60)
        data = buf.getvalue()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
        if KEEP:
            Path(KEEP).mkdir(parents=True, exist_ok=True)
            (Path(KEEP) / f"{request.node.name}.png").write_bytes(data)
        return data

    yield render
    plt.close("all")


@pytest.fixture(scope="module")
def cdnow():
    log = pd.read_csv(
        DATA / "CDNOW_sample.txt", sep=r"\s+", header=None, names=["customer", "id2", "date", "cds", "dollars"],
        dtype={"date": str},
    )
    log["date"] = pd.to_datetime(log["date"], format="%Y%m%d")
    summary = summary_from_transactions(
        log["customer"], log["date"], calibration_period_end="1997-09-30", observation_period_end="1998-06-30",
        freq="D", freq_multiplier=7,
    )
    return log, summary, BetaGeo().fit(summary)


@pytest.fixture(scope="module")
def donations():
    d = pd.read_csv(DATA / "donations.csv")
    return d, BetaGeoBetaBinom().fit(d)


def bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def test_importing_does_not_import_matplotlib():
    code = (
        "import sys, custometrics, custometrics.plotting, custometrics.retention;"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported';"
        "assert 'pandas' not in sys.modules, 'pandas imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---- lifetimes' ten ---------------------------------------------------------------------------


def test_period_transactions(cdnow, png):
    _, summary, m = cdnow
    ax = plotting.plot_period_transactions(m, data=summary, seed=3)
    png(ax)
    heights = [p.get_height() for p in bars(ax)]
    actual = np.bincount(summary["frequency"].astype(int))[:7]
    simulated = generate_data(m, summary["T"].to_numpy(), seed=3)["frequency"].astype(int)
    assert heights[:7] == actual.tolist()
    assert heights[7:] == np.bincount(simulated, minlength=8)[:7].tolist()
    assert ax.get_title() == "Frequency of Repeat Transactions"
    assert ax.get_xlabel() == "Number of Calibration Period Transactions" and ax.get_ylabel() == "Customers"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Actual", "Model"]
    # lifetimes' arguments: max_frequency and labels
    ax2 = plotting.plot_period_transactions(m, max_frequency=3, data=summary, label=["data", "BG/NBD"])
    assert len(bars(ax2)) == 6 and ax2.get_legend().get_texts()[1].get_text() == "BG/NBD"


def test_period_transactions_bgbb_weights(donations, png):
    d, m = donations
    ax = plotting.plot_period_transactions(m, data=d)
    png(ax)
    heights = [p.get_height() for p in bars(ax)]
    by_frequency = d.groupby("frequency")["weights"].sum()
    assert heights[:7] == by_frequency.reindex(range(7), fill_value=0).tolist()
    assert sum(heights[7:]) == d["weights"].sum()  # every simulated donor has at most 6 donations


def test_period_transactions_needs_data(cdnow):
    _, _, m = cdnow
    with pytest.raises(TypeError, match="data="):
        plotting.plot_period_transactions(m)


@pytest.mark.parametrize("kind", ["frequency_cal", "recency_cal", "T_cal", "time_since_last_purchase"])
def test_calibration_vs_holdout(cdnow, png, kind):
    _, summary, m = cdnow
    ax = plotting.plot_calibration_purchases_vs_holdout_purchases(m, summary, kind=kind, n=5)
    png(ax)
    x = summary["T"] - summary["recency"] if kind == "time_since_last_purchase" else summary[kind.replace("_cal", "")]
    predicted = m.conditional_expected_number_of_purchases_up_to_time(39.0, summary)
    means = pd.DataFrame({"x": x, "a": summary["frequency_holdout"], "p": predicted}).groupby("x").mean().iloc[:5]
    actual_line, model_line = ax.lines[:2]
    np.testing.assert_allclose(actual_line.get_xdata(), means.index)
    np.testing.assert_allclose(actual_line.get_ydata(), means["a"], rtol=1e-14)
    np.testing.assert_allclose(model_line.get_ydata(), means["p"], rtol=1e-14)
    assert ax.get_title() == "Actual Purchases in Holdout Period vs Predicted Purchases"
    assert ax.get_ylabel() == "Average of Purchases in Holdout Period"


def test_calibration_vs_holdout_lifetimes_columns(cdnow):
    _, summary, m = cdnow
    renamed = summary.rename(columns={"frequency": "frequency_cal", "recency": "recency_cal", "T": "T_cal"})
    a = plotting.plot_calibration_purchases_vs_holdout_purchases(m, summary)
    b = plotting.plot_calibration_purchases_vs_holdout_purchases(m, renamed)
    np.testing.assert_array_equal(a.lines[1].get_ydata(), b.lines[1].get_ydata())
    with pytest.raises(custometrics.InvalidInputError):
        plotting.plot_calibration_purchases_vs_holdout_purchases(m, summary, kind="monetary")
    plt.close("all")


def test_frequency_recency_matrix(cdnow, png):
    _, summary, m = cdnow
    ax = plotting.plot_frequency_recency_matrix(m, T=2)
    png(ax)
    z = ax.images[0].get_array()
    assert z.shape == (39, 30)  # lifetimes' defaults for CDNOW: largest T 38, largest frequency 29
    assert z[30, 2] == pytest.approx(m.conditional_expected_number_of_purchases_up_to_time(2, 2, 30, 38), rel=1e-14)
    assert z[0, 0] == pytest.approx(m.conditional_expected_number_of_purchases_up_to_time(2, 0, 0, 38), rel=1e-14)
    assert z.mask[5, 0] and not z.mask[5, 1]  # frequency 0 with recency 5 is no customer's history
    assert "2 Units of Time" in ax.get_title()
    assert ax.get_xlabel() == "Customer's Historical Frequency" and ax.get_ylabel() == "Customer's Recency"
    assert len(ax.figure.axes) == 2  # the colour bar


def test_probability_alive_matrix(cdnow, png):
    _, _, m = cdnow
    ax = plotting.plot_probability_alive_matrix(m, max_frequency=10, max_recency=20)
    png(ax)
    z = ax.images[0].get_array()
    grid = m.conditional_probability_alive_matrix(10, 20)
    valid = ~z.mask
    np.testing.assert_array_equal(z.data[valid], grid[valid])
    assert valid.sum() == 21 * 11 - 20
    assert ax.images[0].get_clim() == (0.0, 1.0)
    assert ax.get_title().startswith("Probability Customer is Alive")


def test_matrices_of_bgbb(donations, png):
    _, m = donations
    ax = plotting.plot_probability_alive_matrix(m, 6, 6)
    png(ax)
    z = ax.images[0].get_array()
    assert z.mask[2, 3] and not z.mask[3, 2]  # 3 donations by opportunity 2 cannot be
    assert z[4, 2] == pytest.approx(m.conditional_probability_alive(0, 2, 4, 6), rel=1e-14)
    ax = plotting.plot_frequency_recency_matrix(m, 5, 6, 6)
    png(ax)
    assert ax.images[0].get_array()[6, 6] == pytest.approx(m.conditional_expected_number_of_purchases_up_to_time(5, 6, 6, 6))
    with pytest.raises(custometrics.InvalidInputError) as e:
        plotting.plot_probability_alive_matrix(m)  # no fitted grid for BG/BB
    assert e.value.field == "max_frequency"


def test_expected_repeat_purchases(cdnow, png):
    _, summary, m = cdnow
    ax = plotting.plot_expected_repeat_purchases(m, label="BG/NBD", data=summary)
    png(ax)
    seen, ahead = ax.lines
    max_t = summary["T"].max()
    assert seen.get_xdata()[-1] == max_t and ahead.get_xdata()[-1] == pytest.approx(1.5 * max_t)
    np.testing.assert_allclose(seen.get_ydata(), m.expected_number_of_purchases_up_to_time(seen.get_xdata()), rtol=1e-15)
    assert ahead.get_linestyle() == "--" and seen.get_color() == ahead.get_color()
    assert ax.get_legend().get_texts()[0].get_text() == "BG/NBD"
    assert ax.get_title() == "Expected Number of Repeat Purchases per Customer"
    # without data: the fitted data's largest T, rounded down (38 weeks)
    ax2 = plotting.plot_expected_repeat_purchases(m)
    assert ax2.lines[0].get_xdata()[-1] == 38


def test_history_alive(cdnow, png):
    log, _, m = cdnow
    one = log[log["customer"] == 4]  # purchases on days 0, 17 and 213
    ax = plotting.plot_history_alive(m, 300, one, "date", freq_multiplier=7)
    png(ax)
    path = ax.lines[0].get_ydata()
    ages = np.arange(1, 301)
    frequency = (ages >= 17).astype(float) + (ages >= 213)
    recency = np.select([ages >= 213, ages >= 17], [213.0, 17.0], 0.0)
    np.testing.assert_allclose(path, m.conditional_probability_alive(frequency, recency / 7, ages / 7), rtol=1e-15)
    assert len(ax.collections[0].get_segments()) == 3  # the three purchases
    assert ax.get_ylim() == (0.0, 1.0) and ax.get_title() == "History of P_alive" and ax.get_ylabel() == "P_alive"


@pytest.mark.parametrize("incremental", [False, True])
def test_cumulative_and_incremental_transactions(cdnow, png, incremental):
    log, _, m = cdnow
    draw = plotting.plot_incremental_transactions if incremental else plotting.plot_cumulative_transactions
    ax = draw(m, log, "date", "customer", 546, 39, freq_multiplier=7, xlabel="week")
    png(ax)
    track = expected_cumulative_transactions(m, log, "date", "customer", 546, freq_multiplier=7)
    if incremental:
        track = track.diff()
    actual, predicted, cal = ax.lines
    np.testing.assert_array_equal(actual.get_ydata(), track["actual"])
    np.testing.assert_allclose(predicted.get_ydata(), track["predicted"], rtol=1e-15)
    assert list(cal.get_xdata()) == [39, 39]
    assert ax.get_xlabel() == "week"
    assert ax.get_title() == ("Tracking Daily Transactions" if incremental else "Tracking Cumulative Transactions")


def test_tracking_by_date(cdnow, png):
    log, _, m = cdnow
    ax = plotting.plot_cumulative_transactions(m, log, "date", "customer", 546, 39, freq_multiplier=7, set_index_date=True)
    png(ax)
    assert ax.get_xlabel() == "date"
    # t_cal = 39 rows: the line at the last day of week 40, day 279 after 1997-01-01
    assert pd.Timestamp(ax.lines[2].get_xdata()[0]) == pd.Timestamp("1997-10-07")


def test_distribution_helpers_against_closed_forms():
    for x in (0.1, 1.0, 3.7, 12.0):
        assert _dist.gamma_cdf(x, 1.0) == pytest.approx(1 - np.exp(-x), rel=1e-12)
        assert _dist.gamma_cdf(x, 2.0) == pytest.approx(1 - np.exp(-x) * (1 + x), rel=1e-12)
    for x in (0.05, 0.3, 0.5, 0.9):
        assert _dist.beta_cdf(x, 2.0, 3.0) == pytest.approx(6 * x**2 - 8 * x**3 + 3 * x**4, rel=1e-12)
        assert _dist.beta_cdf(x, 0.4, 1.7) == pytest.approx(1 - _dist.beta_cdf(1 - x, 1.7, 0.4), rel=1e-12)
    assert _dist.gamma_quantile(0.99, 1.0, 4.0) == pytest.approx(np.log(100) / 4, rel=1e-10)
    assert _dist.beta_quantile(0.99, 1.0, 2.5) == pytest.approx(1 - 0.01 ** (1 / 2.5), rel=1e-10)
    x = np.array([0.2, 1.0, 2.5])
    np.testing.assert_allclose(_dist.gamma_pdf(x, 2.0, 3.0), 9 * x * np.exp(-3 * x), rtol=1e-14)
    np.testing.assert_allclose(_dist.beta_pdf(np.array([0.2, 0.7]), 2.0, 3.0), 12 * np.array([0.2, 0.7]) * (1 - np.array([0.2, 0.7])) ** 2, rtol=1e-14)


def test_transaction_rate_heterogeneity(png):
    m = BetaGeo.from_params(r=1.0, alpha=4.0, a=1.0, b=2.5)  # λ exponential, p ~ Beta(1, 2.5)
    ax = plotting.plot_transaction_rate_heterogeneity(m)
    png(ax)
    line = ax.lines[0]
    assert line.get_xdata()[-1] == pytest.approx(np.log(100) / 4, rel=1e-10)  # the 99th percentile
    np.testing.assert_allclose(line.get_ydata(), 4 * np.exp(-4 * line.get_xdata()), rtol=1e-13)
    assert ax.get_title() == "mean: 0.250, var: 0.062"
    assert ax.figure._suptitle.get_text() == "Heterogeneity in Transaction Rate"
    assert ax.get_xlabel() == "Transaction Rate" and ax.get_ylabel() == "Density"


def test_dropout_rate_heterogeneity(png):
    m = ModifiedBetaGeo.from_params(r=1.0, alpha=4.0, a=1.0, b=2.5)
    ax = plotting.plot_dropout_rate_heterogeneity(m)
    png(ax)
    x = ax.lines[0].get_xdata()
    assert x[-1] == pytest.approx(1 - 0.01 ** (1 / 2.5), rel=1e-10)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), 2.5 * (1 - x) ** 1.5, rtol=1e-13)
    assert ax.get_xlabel() == "Dropout Probability p"
    p = ParetoNBD.from_params(r=0.553, alpha=10.578, s=1.0, beta=11.669)
    ax = plotting.plot_dropout_rate_heterogeneity(p)
    png(ax)
    assert ax.get_xlabel() == "Dropout Rate μ" and ax.lines[0].get_xdata()[-1] == pytest.approx(np.log(100) / 11.669)
    b = BetaGeoBetaBinom.from_params(alpha=1.2, beta=0.75, gamma=1.0, delta=2.0)
    ax = plotting.plot_dropout_rate_heterogeneity(b)
    assert ax.get_xlabel() == "Dropout Probability θ" and ax.lines[0].get_xdata()[-1] == pytest.approx(1 - 0.1)
    ax = plotting.plot_transaction_rate_heterogeneity(b)
    assert ax.get_xlabel() == "Transaction Probability p"


# ---- sBG, scorecard ---------------------------------------------------------------------------

SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), "regular" customers


def test_survival_curve(png):
    m = ShiftedBetaGeo().fit(SURVIVORS)
    ax = plotting.plot_survival_curve(m, 12, SURVIVORS)
    png(ax)
    model, projection, observed = ax.lines
    curve = m.survival_curve(12)
    np.testing.assert_array_equal(model.get_ydata(), curve[:8])
    np.testing.assert_array_equal(projection.get_ydata(), curve[7:])
    np.testing.assert_allclose(observed.get_ydata(), np.array(SURVIVORS) / 1000)
    assert projection.get_linestyle() == "--" and ax.get_ylabel() == "Surviving share S(t)"


def test_retention_curve(png):
    m = ShiftedBetaGeo().fit(SURVIVORS)
    ax = plotting.plot_retention_curve(m, survivors=SURVIVORS)  # periods: the 7 observed
    png(ax)
    model, observed = ax.lines
    np.testing.assert_array_equal(model.get_ydata(), m.retention_curve(7))
    np.testing.assert_allclose(observed.get_ydata(), np.array(SURVIVORS[1:]) / SURVIVORS[:-1])
    with pytest.raises(TypeError, match="ShiftedBetaGeo"):
        plotting.plot_retention_curve(BetaGeo.from_params(1, 1, 1, 1))
    with pytest.raises(custometrics.InvalidInputError) as e:
        plotting.plot_survival_curve(m, survivors=[0, 1])
    assert (e.value.field, e.value.index) == ("survivors", 0)


def test_scorecard_plots(cdnow, png):
    log, summary, m = cdnow
    card = holdout_scorecard(m, summary, log, "date", "customer", freq_multiplier=7)
    ax = plotting.plot_scorecard(card)
    png(ax)
    heights = [p.get_height() for p in bars(ax)]
    n = len(card.by_frequency)
    np.testing.assert_allclose(heights[:n], card.by_frequency["actual"])
    np.testing.assert_allclose(heights[n:], card.by_frequency["predicted"])
    assert [t.get_text() for t in ax.get_xticklabels()] == card.by_frequency.index.tolist()
    box = ax.texts[0].get_text()
    assert f"MAE {card.mae:.3g}" in box and "actual 1,882" in box and "tracking MAPE" in box
    ax = plotting.plot_scorecard(card, "tracking")
    png(ax)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), card.tracking["actual"])
    assert list(ax.lines[2].get_xdata()) == [273, 273]
    no_log = holdout_scorecard(m, summary)
    with pytest.raises(custometrics.InvalidInputError):
        plotting.plot_scorecard(no_log, "tracking")


# ---- satisfaction ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def survey():
    return pd.read_csv(EXAMPLES / "survey.csv")


def test_nps_from_scores(survey, png):
    scores = survey["nps"]
    ax = plotting.plot_nps(scores)
    png(ax)
    heights = [p.get_height() for p in bars(ax)]
    assert heights == np.bincount(scores, minlength=11).tolist()
    colours = [to_hex(p.get_facecolor()) for p in bars(ax)]
    assert len(set(colours[:7])) == len(set(colours[7:9])) == len(set(colours[9:])) == 1
    assert len({colours[0], colours[7], colours[9]}) == 3
    r = satisfaction.nps(scores)
    strip = ax.child_axes[0]
    assert strip.get_xlim() == (-100, 100)
    point = [line for line in strip.lines if line.get_marker() == "o"][0]
    assert point.get_xdata()[0] == r.score
    assert f"{r.score:.1f}" in strip.get_title() and f"{r.ci_low:.1f} to {r.ci_high:.1f}" in strip.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == f"detractors {100 * r.detractors / r.n:.1f} %"


def test_nps_from_result(png):
    r = satisfaction.nps_from_counts(55, 60, 85)
    ax = plotting.plot_nps(r)
    png(ax)
    assert [p.get_height() for p in bars(ax)] == [85, 60, 55]
    assert ax.get_xticklabels()[2].get_text() == "promoters\n27.5 %"
    with pytest.raises(TypeError):
        plotting.plot_nps()


def test_servqual(png):
    sq = pd.read_csv(EXAMPLES / "servqual.csv")
    e = sq[[f"E{i}" for i in range(1, 23)]].to_numpy()
    p = sq[[f"P{i}" for i in range(1, 23)]].to_numpy()
    r = satisfaction.servqual(e, p)
    ax = plotting.plot_servqual(r)
    png(ax)
    widths = [b.get_width() for b in bars(ax)]
    np.testing.assert_array_equal(widths, r.sample.dimension_gaps)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(r.dimensions)
    assert [b.get_y() for b in bars(ax)] == sorted((b.get_y() for b in bars(ax)), reverse=True)  # first on top
    for b, gap in zip(bars(ax), widths):
        assert to_hex(b.get_facecolor()) == ("#c0392b" if gap < 0 else "#27ae60")
    ax = plotting.plot_servqual(r, "item")
    png(ax)
    np.testing.assert_array_equal([b.get_width() for b in bars(ax)], r.item_gaps)
    with pytest.raises(custometrics.InvalidInputError):
        plotting.plot_servqual(r, labels=["a", "b"])


def test_gaps(png):
    d = satisfaction.disconfirmation([6.1, 5.2, 7.5, 4.0], [6.0, 6.1, 6.0, 5.5])
    ax = plotting.plot_gaps(d, ["quality", "service", "value", "complaints"])
    png(ax)
    np.testing.assert_allclose([b.get_width() for b in bars(ax)], [a.gap for a in d.attributes])
    assert [to_hex(b.get_facecolor()) for b in bars(ax)] == ["#95a5a6", "#c0392b", "#27ae60", "#c0392b"]
    assert ax.lines[0].get_xdata()[0] == 0 and ax.lines[1].get_xdata()[0] == pytest.approx(d.overall_gap)
    g = satisfaction.five_gaps(knowledge=([6, 7, 6], [5, 5, 6]), customer=([7, 6, 7], [5, 6, 5]))
    ax = plotting.plot_gaps(g)
    png(ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Gap 1: " + g.gaps[0].name, "Gap 5: " + g.gaps[4].name]
    outlined = [b for b in bars(ax) if b.get_linewidth() == 2]
    assert len(outlined) == 1 and outlined[0].get_width() == pytest.approx(g.gaps[4].gap)


def test_zone_of_tolerance(png):
    adequate = [[4, 5, 4], [5, 5, 4]]
    desired = [[6, 7, 6], [7, 6, 6]]
    perceived = [[3, 6, 7], [4, 6, 7]]
    z = satisfaction.zone_of_tolerance(adequate, desired, perceived, {"a": [0], "b": [1], "c": [2]})
    ax = plotting.plot_zone_of_tolerance(z)
    png(ax)
    bands = bars(ax)
    assert [b.get_x() for b in bands] == [zone.adequate for zone in z.by_dimension]
    assert [b.get_width() for b in bands] == [zone.desired - zone.adequate for zone in z.by_dimension]
    markers = {line.get_label(): line.get_xdata().tolist() for line in ax.lines}
    assert markers == {"perceived, below": [3.5], "perceived, within": [6.0], "perceived, above": [7.0]}


def test_ipa(survey, png):
    attrs = ["product_quality", "service", "value", "complaint_handling"]
    imp = survey[[f"imp_{a}" for a in attrs]].mean().to_numpy()
    perf = survey[[f"perf_{a}" for a in attrs]].mean().to_numpy()
    r = satisfaction.ipa(imp, perf)
    ax = plotting.plot_ipa(r, imp, perf, attrs)
    png(ax)
    points = np.concatenate([c.get_offsets() for c in ax.collections])
    assert sorted(map(tuple, points)) == sorted(zip(perf, imp))
    assert ax.lines[0].get_xdata()[0] == r.performance_cut and ax.lines[1].get_ydata()[0] == r.importance_cut
    texts = [t.get_text() for t in ax.texts]
    assert {"Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"} <= set(texts)
    assert set(attrs) <= set(texts)
    # without a result: computed with the grand means
    ax2 = plotting.plot_ipa(None, imp, perf)
    assert ax2.lines[0].get_xdata()[0] == pytest.approx(perf.mean())
    with pytest.raises(custometrics.InvalidInputError):
        plotting.plot_ipa(r, imp[:3], perf[:3])


# ---- loyalty ----------------------------------------------------------------------------------------


def test_dick_basu(png):
    rng = np.random.default_rng(3)
    att = rng.integers(1, 8, 300)
    pat = np.clip(att + rng.integers(-3, 4, 300), 0, 10)
    d = loyalty.dick_basu(att, pat)
    ax = plotting.plot_dick_basu(d)
    png(ax)
    texts = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts}
    assert texts["Loyalty"].endswith(f"{d.counts.loyal} ({100 * d.shares.loyal:.1f} %)")
    assert texts["No loyalty"].endswith(str(d.counts.no_loyalty) + f" ({100 * d.shares.no_loyalty:.1f} %)")
    ax = plotting.plot_dick_basu(d, att, pat)
    png(ax)
    points = np.concatenate([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])
    assert len(points) == len({(p, a) for p, a in zip(pat, att)})  # one bubble per distinct pair
    assert ax.lines[0].get_xdata()[0] == d.patronage_threshold and ax.lines[1].get_ydata()[0] == d.attitude_threshold
    with pytest.raises(custometrics.InvalidInputError):
        plotting.plot_dick_basu(d, att[:10], pat[:10])


def test_jones_sasser(png):
    sat = [5, 4, 4, 2, 1, 3, 5, 1]
    loy = [5, 4, 2, 5, 1, 2, 5, 2]
    j = loyalty.jones_sasser(sat, loy)
    ax = plotting.plot_jones_sasser(j)
    png(ax)
    texts = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts}
    assert texts["Loyalist"] == f"Loyalist\n{j.counts.loyalist} ({100 * j.shares.loyalist:.1f} %)\nof whom apostles {j.counts.apostle}"
    ax = plotting.plot_jones_sasser(j, sat, loy)
    png(ax)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [name.capitalize() for name in j.labels if getattr(j.counts, name) > 0]
    assert ax.lines[0].get_xdata()[0] == 4.0 and ax.lines[1].get_ydata()[0] == 4.0  # jones_sasser's cuts
    sizes = [c.get_sizes() for c in ax.collections]
    assert max(s.max() for s in sizes) == 640  # the pair (5, 5) has the most customers: 2


# ---- tiers ------------------------------------------------------------------------------------------


def test_lorenz(png):
    values = [120, 4000, 35, 900, 15, 60, 2500, 80]
    r = tiers.lorenz(values)
    ax = plotting.plot_lorenz(values)
    png(ax)
    curve = ax.lines[0]
    np.testing.assert_array_equal(curve.get_xdata(), r.population_share)
    np.testing.assert_array_equal(curve.get_ydata(), r.value_share)
    assert f"Gini = {r.gini:.3f}" in ax.get_title()
    held = 1 - np.interp(0.8, r.population_share, r.value_share)
    assert f"hold {100 * held:.1f} % of value" in ax.texts[0].get_text()


def test_rfm(png):
    rng = np.random.default_rng(9)
    s = tiers.rfm_scores(rng.exponential(60, 500), rng.poisson(3, 500) + 1, rng.lognormal(4, 0.7, 500))
    ax = plotting.plot_rfm(s)
    png(ax)
    grid = ax.images[0].get_array()
    expected = np.zeros((5, 5))
    np.add.at(expected, (s.f - 1, s.r - 1), 1)
    np.testing.assert_array_equal(grid, expected)
    outlines = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(outlines) == 10  # the standard map's segments
    assert "champions" in [t.get_text() for t in ax.texts]
    ax = plotting.plot_rfm(s, monetary=np.arange(500.0), segments=False)
    png(ax)
    top_right = np.arange(500.0)[(s.r == 5) & (s.f == 5)].mean()
    assert ax.images[0].get_array()[4, 4] == pytest.approx(top_right)
    assert not [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]


def test_migration(png):
    before = [0, 0, 1, 1, 1, 2, 2, 2, 2, 0]
    after = [0, 1, 1, 2, 2, 2, 2, 1, 2, 0]
    m = tiers.migration(before, after, 3)
    ax = plotting.plot_migration(m, ["A", "B", "C"])
    png(ax)
    bands = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(bands) == int((m.counts > 0).sum())
    blocks = [p for p in ax.patches if isinstance(p, Rectangle)]
    heights = np.array([b.get_height() for b in blocks])
    # block heights are proportional to the tier totals: tier 0 before and after, tier 1 …
    totals = np.stack([m.from_totals, m.to_totals], axis=1).ravel().astype(float)
    np.testing.assert_allclose(heights / heights.sum(), totals / totals.sum(), rtol=1e-12)
    assert "60.0 % stayed" in ax.get_title()  # 2 in A, 1 in B, 3 in C of 10
    ax = plotting.plot_migration(m, ["A", "B", "C"], kind="matrix")
    png(ax)
    np.testing.assert_array_equal(ax.images[0].get_array(), m.probabilities)
    assert ax.texts[1].get_text() == f"{m.probabilities[0, 1]:.2f}\n({m.counts[0, 1]})"


# ---- trust --------------------------------------------------------------------------------------------


def test_trust(png):
    s = trust.sensitivity(7, 8, 6, 3)
    ax = plotting.plot_trust(s)
    png(ax)
    np.testing.assert_array_equal([b.get_width() for b in bars(ax)], s.gains)
    highlighted = [b for b in bars(ax) if to_hex(b.get_facecolor()) == "#1f4e79"]
    assert len(highlighted) == 1 and highlighted[0].get_width() == max(s.gains)
    assert "T = 7" in ax.get_title() and s.best_lever.replace("_", "-") in ax.get_title()
    t = pd.read_csv(EXAMPLES / "trust.csv")
    agg = trust.trust_over_raters(t.credibility, t.reliability, t.intimacy, t.self_orientation)
    ax = plotting.plot_trust(agg)
    png(ax)
    np.testing.assert_array_equal([b.get_width() for b in bars(ax)], agg.sensitivity.mean_gains)
    share = 100 * agg.sensitivity.best_lever_counts[3] / agg.n
    assert f"(best for {share:.0f} %)" in ax.texts[3].get_text()


# ---- every plot on an Axes of the caller's ----------------------------------------------------------


def _all_plots(cdnow, donations):
    log, summary, m = cdnow
    _, bgbb = donations
    sbg = ShiftedBetaGeo().fit(SURVIVORS)
    card = holdout_scorecard(m, summary)
    j = loyalty.jones_sasser([5, 4, 2], [5, 2, 4])
    return {
        "plot_period_transactions": lambda ax: plotting.plot_period_transactions(m, data=summary, ax=ax),
        "plot_calibration_purchases_vs_holdout_purchases": lambda ax: plotting.plot_calibration_purchases_vs_holdout_purchases(m, summary, ax=ax),
        "plot_frequency_recency_matrix": lambda ax: plotting.plot_frequency_recency_matrix(m, ax=ax),
        "plot_probability_alive_matrix": lambda ax: plotting.plot_probability_alive_matrix(bgbb, 6, 6, ax=ax),
        "plot_expected_repeat_purchases": lambda ax: plotting.plot_expected_repeat_purchases(m, ax=ax),
        "plot_history_alive": lambda ax: plotting.plot_history_alive(m, 100, log[log.customer == 4], "date", ax=ax),
        "plot_cumulative_transactions": lambda ax: plotting.plot_cumulative_transactions(m, log, "date", "customer", 100, 50, ax=ax),
        "plot_incremental_transactions": lambda ax: plotting.plot_incremental_transactions(m, log, "date", "customer", 100, 50, ax=ax),
        "plot_transaction_rate_heterogeneity": lambda ax: plotting.plot_transaction_rate_heterogeneity(m, ax=ax),
        "plot_dropout_rate_heterogeneity": lambda ax: plotting.plot_dropout_rate_heterogeneity(m, ax=ax),
        "plot_survival_curve": lambda ax: plotting.plot_survival_curve(sbg, ax=ax),
        "plot_retention_curve": lambda ax: plotting.plot_retention_curve(sbg, ax=ax),
        "plot_scorecard": lambda ax: plotting.plot_scorecard(card, ax=ax),
        "plot_nps": lambda ax: plotting.plot_nps([10, 9, 3, 7], ax=ax),
        "plot_servqual": lambda ax: plotting.plot_servqual(satisfaction.servqual([[5, 6]], [[6, 4]], dimensions={"x": [0], "y": [1]}), ax=ax),
        "plot_gaps": lambda ax: plotting.plot_gaps(satisfaction.disconfirmation([5, 6], [6, 5]), ax=ax),
        "plot_zone_of_tolerance": lambda ax: plotting.plot_zone_of_tolerance(satisfaction.zone_of_tolerance([[4]], [[6]], [[5]], {"x": [0]}), ax=ax),
        "plot_ipa": lambda ax: plotting.plot_ipa(None, [5, 6, 7], [7, 5, 6], ax=ax),
        "plot_dick_basu": lambda ax: plotting.plot_dick_basu(loyalty.dick_basu([9, 2], [1, 6]), ax=ax),
        "plot_jones_sasser": lambda ax: plotting.plot_jones_sasser(j, [5, 4, 2], [5, 2, 4], ax=ax),
        "plot_lorenz": lambda ax: plotting.plot_lorenz([1, 2, 3, 10], ax=ax),
        "plot_rfm": lambda ax: plotting.plot_rfm(tiers.rfm_scores([5, 30, 90, 1, 60], [10, 2, 1, 8, 1], [5, 8, 2, 3, 4]), ax=ax),
        "plot_migration": lambda ax: plotting.plot_migration(tiers.migration([0, 1], [1, 1], 2), ax=ax),
        "plot_trust": lambda ax: plotting.plot_trust(trust.sensitivity(7, 8, 6, 3), ax=ax),
    }


def test_every_plot_draws_on_the_given_axes(cdnow, donations, png):
    plots = _all_plots(cdnow, donations)
    assert sorted(plots) == sorted(plotting.__all__)  # a new plot gets a line here
    for name, draw in plots.items():
        fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
        assert draw(right) is right, name
        assert not left.has_data() and not left.patches and not left.images, name
        assert right.has_data() or right.images or right.patches, name
        png(right)
        plt.close(fig)


def test_models_of_the_wrong_kind():
    with pytest.raises(TypeError, match="BetaGeo"):
        plotting.plot_probability_alive_matrix(object(), 3, 3)
    with pytest.raises(AttributeError, match="not fitted"):
        plotting.plot_frequency_recency_matrix(BetaGeo(), 1, 3, 3)
    with pytest.raises(TypeError, match="plot_history_alive"):
        plotting.plot_history_alive(BetaGeoBetaBinom.from_params(1, 1, 1, 1), 5, pd.DataFrame({"d": ["2020-01-01"]}), "d")
    with pytest.raises(TypeError, match="Servqual"):
        plotting.plot_servqual(satisfaction.nps([10]))


def test_readme_figure_is_drawn_by_its_script(tmp_path):
    script = Path(__file__).resolve().parents[2] / "docs" / "img" / "readme_scorecard.py"
    out = tmp_path / "scorecard.png"
    subprocess.run([sys.executable, str(script), str(out)], check=True)
    committed = script.with_name("scorecard_cdnow.png")
    for png_file in (out, committed):
        data = png_file.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and 20_000 < len(data) < 150_000


# lifetimes 0.11.3's parameters (inspect.signature of lifetimes.plotting, lifetimes.utils and
# lifetimes.generate_data, without **kwargs): ours start with the same names in the same order.
LIFETIMES_SIGNATURES = {
    "plotting.plot_period_transactions": ["model", "max_frequency", "title", "xlabel", "ylabel"],
    "plotting.plot_calibration_purchases_vs_holdout_purchases": ["model", "calibration_holdout_matrix", "kind", "n"],
    "plotting.plot_frequency_recency_matrix": ["model", "T", "max_frequency", "max_recency", "title", "xlabel", "ylabel"],
    "plotting.plot_probability_alive_matrix": ["model", "max_frequency", "max_recency", "title", "xlabel", "ylabel"],
    "plotting.plot_expected_repeat_purchases": ["model", "title", "xlabel", "ax", "label"],
    "plotting.plot_history_alive": ["model", "t", "transactions", "datetime_col", "freq", "start_date", "ax"],
    "plotting.plot_cumulative_transactions": [
        "model", "transactions", "datetime_col", "customer_id_col", "t", "t_cal", "datetime_format", "freq",
        "set_index_date", "title", "xlabel", "ylabel", "ax",
    ],
    "plotting.plot_incremental_transactions": [
        "model", "transactions", "datetime_col", "customer_id_col", "t", "t_cal", "datetime_format", "freq",
        "set_index_date", "title", "xlabel", "ylabel", "ax",
    ],
    "plotting.plot_transaction_rate_heterogeneity": ["model", "suptitle", "xlabel", "ylabel", "suptitle_fontsize"],
    "plotting.plot_dropout_rate_heterogeneity": ["model", "suptitle", "xlabel", "ylabel", "suptitle_fontsize"],
    "retention.expected_cumulative_transactions": [
        "model", "transactions", "datetime_col", "customer_id_col", "t", "datetime_format", "freq", "freq_multiplier",
        "set_index_date",
    ],
    "retention.simulate.beta_geometric_nbd_model": ["T", "r", "alpha", "a", "b", "size"],
    "retention.simulate.modified_beta_geometric_nbd_model": ["T", "r", "alpha", "a", "b", "size"],
    "retention.simulate.pareto_nbd_model": ["T", "r", "alpha", "s", "beta", "size"],
    "retention.simulate.beta_geometric_beta_binom_model": ["N", "alpha", "beta", "gamma", "delta", "size"],
}


@pytest.mark.parametrize("name", sorted(LIFETIMES_SIGNATURES))
def test_lifetimes_names_and_arguments(name):
    import importlib
    import inspect

    module, function = name.rsplit(".", 1)
    ours = inspect.signature(getattr(importlib.import_module(f"custometrics.{module}"), function)).parameters
    expected = LIFETIMES_SIGNATURES[name]
    assert list(ours)[: len(expected)] == expected
    positional = [p for p in ours.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert [p.name for p in positional][: len(expected)] == expected  # callable positionally, as in lifetimes
