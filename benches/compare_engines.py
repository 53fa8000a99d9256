"""summary -> BG/NBD and Gamma-Gamma fits -> P(alive) and CLV for every customer, in one process
and through custometrics.dask (a LocalCluster of two one-thread workers) and custometrics.spark
(local[2]), on the same generated log; wall time, transactions per second, peak memory.

    .venv/bin/python benches/compare_engines.py [TRANSACTIONS] [PARTITIONS]

TRANSACTIONS defaults to 100 million (for 10 million customers; the generated log has about as
many transactions as asked for, the count printed is the exact one);
each partition generates its own customers' transactions (seeded), so the engines start from
data already spread over their workers, as on a cluster. Not a test: see benches/README.md.
"""

import os
import resource
import sys
import time

import numpy as np
import pandas as pd

N_TX = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000_000
PARTS = int(sys.argv[2]) if len(sys.argv) > 2 else 16
PER_PART = N_TX // PARTS
START = np.datetime64("2024-01-01T00:00:00", "s")
END = "2024-12-31"


def partition(k: int) -> pd.DataFrame:
    """Partition k's transactions: customers k*C .. (k+1)*C - 1 drawn as in the BG/NBD story
    (a first purchase in the year; then purchases at a gamma-distributed rate until a
    beta-distributed dropout after some purchase), with spend per transaction."""
    g = np.random.default_rng(1000 + k)
    days = 365.0
    customers = PER_PART // 10
    first = g.uniform(0, 300, customers)
    span = days - first
    rate = g.gamma(0.8, 1 / 4, customers)  # purchases per day: about 10 transactions per customer
    alive_for = g.geometric(g.beta(1.0, 6.0, customers)) - 1  # repeat purchases before dropout
    n = g.poisson(rate * span)
    kept = np.minimum(n, alive_for)
    who = np.repeat(np.arange(customers), n)
    u = g.random(who.size)
    order = np.lexsort((u, who))
    who, u = who[order], u[order]
    rank = np.arange(who.size) - np.repeat(np.cumsum(n) - n, n)
    keep = rank < kept[who]
    who, u = who[keep], u[keep]
    ids = np.concatenate([np.arange(customers), who]) + k * customers
    day = np.concatenate([first, first[who] + u * span[who]])
    times = START + (day * 86400).astype(np.int64).astype("timedelta64[s]")
    spend = g.gamma(4.0, 12.0, ids.size).round(2) + 1
    return pd.DataFrame({"customer": ids, "date": times.astype("datetime64[ns]"), "dollars": spend})


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, it does not carry over the
    peak of the process that started a worker)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def single() -> float:
    from custometrics.retention import BetaGeo, GammaGamma, summary_from_transactions

    log = pd.concat([partition(k) for k in range(PARTS)], ignore_index=True)
    global N_TX
    N_TX = len(log)  # the rates below count the transactions generated
    print(f"{N_TX} transactions generated")
    t0 = time.perf_counter()
    s = summary_from_transactions(log["customer"], log["date"], log["dollars"], freq="W", observation_period_end=END)
    s = s[s["T"] > 0]  # first purchase in the last week: no age to fit
    bg = BetaGeo().fit(s)
    gg = GammaGamma().fit(s[s["frequency"] > 0])
    p = bg.conditional_probability_alive(s)
    clv = gg.customer_lifetime_value(bg, s["frequency"], s["recency"], s["T"], s["monetary_value"], freq="W")
    dt = time.perf_counter() - t0
    print(f"single process: {dt:.1f} s, {N_TX / dt / 1e6:.2f} M transactions/s, {len(s)} customers, "
          f"peak {peak_mb():.0f} MB (with the log), mean P(alive) {float(np.mean(p)):.4f}, CLV {float(np.sum(clv)):.6e}")
    return dt


def with_dask() -> float:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import custometrics.dask as cdask
    from custometrics.retention import BetaGeo, GammaGamma

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, memory_limit="8GiB") as cluster, \
            Client(cluster) as client:
        t0 = time.perf_counter()
        log = dd.from_map(partition, list(range(PARTS)))
        s = cdask.summary_from_transactions(log, "customer", "date", "dollars", freq="W",
                                            observation_period_end=END)
        s = s[s["T"] > 0].persist()
        bg = cdask.fit(BetaGeo(), s)
        gg = cdask.fit(GammaGamma(), s[s["frequency"] > 0])
        out = cdask.predict(s, bg, spend_model=gg, freq="W")
        p, clv, n = dd.compute(out["probability_alive"].mean(), out["clv"].sum(), out.shape[0])
        dt = time.perf_counter() - t0
        peaks = client.run(peak_mb)
        print(f"dask (2 workers): {dt:.1f} s, {N_TX / dt / 1e6:.2f} M transactions/s, {n} customers, "
              f"peak per worker {sorted(round(v) for v in peaks.values())} MB, mean P(alive) {p:.4f}, CLV {clv:.6e}")
    return dt


def with_spark() -> float:
    from pyspark.sql import SparkSession, functions as F

    import custometrics.spark as cspark
    from custometrics.retention import BetaGeo, GammaGamma

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", str(PARTS)).config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "6g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")

    def gen(batches):
        for b in batches:
            for k in b["id"]:
                yield partition(int(k))

    t0 = time.perf_counter()
    log = spark.range(PARTS, numPartitions=PARTS).mapInPandas(gen, "customer long, date timestamp, dollars double")
    s = cspark.summary_from_transactions(log, "customer", "date", "dollars", freq="W",
                                         observation_period_end=END)
    s = s.filter(F.col("T") > 0).cache()
    bg = cspark.fit(BetaGeo(), s)
    gg = cspark.fit(GammaGamma(), s.filter(F.col("frequency") > 0))
    out = cspark.predict(s, bg, spend_model=gg, freq="W")
    row = out.agg(F.mean("probability_alive"), F.sum("clv"), F.count("*")).collect()[0]
    dt = time.perf_counter() - t0
    print(f"spark (local[2]): {dt:.1f} s, {N_TX / dt / 1e6:.2f} M transactions/s, {row[2]} customers, "
          f"mean P(alive) {row[0]:.4f}, CLV {row[1]:.6e}")
    spark.stop()
    return dt


if __name__ == "__main__":
    print(f"{N_TX} transactions in {PARTS} partitions; load {os.getloadavg()}")
    which = os.environ.get("ENGINES", "single,dask,spark").split(",")
    times = {name: {"single": single, "dask": with_dask, "spark": with_spark}[name]() for name in which}
    if "single" in times:
        for name, dt in times.items():
            print(f"{name}: {dt / times['single']:.2f} x the single process")
