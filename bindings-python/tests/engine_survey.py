"""Shared by test_dask.py and test_spark.py: CSI and SERVQUAL per segment through an engine
against the single-machine functions on each segment's rows."""

import numpy as np
import pandas as pd
import pytest

from custometrics import satisfaction

ATTRIBUTES = ["speed", "price", "staff"]
ITEMS = 22


def ratings(n=4000, seed=5):
    """Integer ratings 1..10 of three attributes, an overall rating that leans on the first two,
    SERVQUAL's 22 expectation and perception items on 1..7, and a region per respondent."""
    g = np.random.default_rng(seed)
    frame = pd.DataFrame({c: g.integers(1, 11, n) for c in ATTRIBUTES})
    frame["overall"] = np.clip((frame["speed"] + frame["price"]) // 2 + g.integers(-1, 2, n), 1, 10)
    for j in range(ITEMS):
        frame[f"e{j}"] = g.integers(3, 8, n)
        frame[f"p{j}"] = g.integers(1, 8, n)
    frame["region"] = g.choice(["north", "south", "east"], n)
    return frame


def close(got, want, what):
    assert abs(got - want) <= 1e-12 * max(1.0, abs(want)), f"{what}: {got} vs {want}"


def check(data, csi, servqual):
    """``csi(attribute_cols, segment_col, overall_col, **options)`` and ``servqual(e_cols, p_cols,
    segment_col, **options)`` run the engine on ``data``; each segment's row and the total equal
    the single-machine result on those rows (means exactly, the rest to 1e-12)."""
    e_cols, p_cols = [f"e{j}" for j in range(ITEMS)], [f"p{j}" for j in range(ITEMS)]
    groups = {**{k: g for k, g in data.groupby("region")}, "total": data}
    for overall in (None, "overall"):
        got = csi(ATTRIBUTES, "region", overall, scale=(1, 10))
        assert sorted(got.index, key=str) == sorted(groups, key=str)
        for seg, rows in groups.items():
            kw = {"overall": rows["overall"].to_numpy(float)} if overall else {}
            want = satisfaction.csi(rows[ATTRIBUTES].to_numpy(float), scale=(1, 10), **kw)
            assert got.loc[seg, "n"] == len(rows)
            close(got.loc[seg, "index"], want.index, f"index {seg}")
            for j, c in enumerate(ATTRIBUTES):
                assert got.loc[seg, f"mean_{c}"] == want.attribute_means[j], "integer sums: the same means"
                close(got.loc[seg, f"importance_{c}"], want.importance[j], f"importance {c} {seg}")
                if overall:
                    close(got.loc[seg, f"correlation_{c}"], want.correlations[j], f"r {c} {seg}")
    got = servqual(e_cols, p_cols, "region", importance=[30, 20, 20, 15, 15])
    for seg, rows in groups.items():
        want = satisfaction.servqual(rows[e_cols].to_numpy(float), rows[p_cols].to_numpy(float),
                                     importance=[30, 20, 20, 15, 15])
        for j, c in enumerate(p_cols):
            assert got.loc[seg, f"gap_{c}"] == want.item_gaps[j], "integer sums: the same item gaps"
        for d, g in zip(want.dimensions, want.sample.dimension_gaps):
            close(got.loc[seg, d], g, f"{d} {seg}")
        close(got.loc[seg, "unweighted"], want.sample.unweighted, f"unweighted {seg}")
        close(got.loc[seg, "weighted"], want.sample.weighted, f"weighted {seg}")
    # without segments: one row, the whole sample
    whole = csi(ATTRIBUTES, None, None)
    assert list(whole.index) == [None] and whole.loc[None, "n"] == len(data)


def check_bad_input(csi, servqual, frame_with_gap):
    """A missing rating is named with its count and segment; a missing column by name; SERVQUAL's
    column lists of different lengths by the expectations' argument."""
    with pytest.raises(ValueError, match=r"price.*1 missing values \(segment 'north'\)"):
        csi(frame_with_gap, ATTRIBUTES, "region", None)
    with pytest.raises(KeyError, match="'nope' is not a column"):
        csi(frame_with_gap, ["nope"], None, None)
    with pytest.raises(ValueError, match="expectation_cols"):
        servqual(frame_with_gap, ["e0", "e1"], ["p0"], None)
    if hasattr(frame_with_gap, "assign"):  # dask
        dated = frame_with_gap.assign(speed=pd.Timestamp("2024-01-01"))
    else:  # spark
        dated = frame_with_gap.drop("speed").selectExpr("*", "timestamp'2024-01-01 00:00:00' as speed")
    with pytest.raises(ValueError, match="speed"):
        csi(dated, ATTRIBUTES, None, None)
