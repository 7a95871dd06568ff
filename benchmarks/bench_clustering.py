"""Benchmark: app.analysis.clustering.single_linkage vs fastcluster.

Not a test.  Run from the repository root::

    .venv/bin/python benchmarks/bench_clustering.py
    .venv/bin/python benchmarks/bench_clustering.py --sizes 1000 20000 --repeats 7

The data imitate orders: three features (profit %, cost, price) drawn from a
mixture of customer segments with skewed (log-normal) costs and gamma
markups, 4 % odd orders spread uniformly over a wide range, rounding to cents
and to 0.1 %, and 8 % repeated rows; cost and price are log-scaled and all
columns standardized, exactly as the application does before clustering.

For each size the table shows the median wall time of ``single_linkage`` and
of ``fastcluster.linkage_vector(X, 'single')`` (timed alternately in the same
process, each after one untimed call, with garbage collection off during a
call as ``timeit`` does; ``--cold`` collects garbage before every call
instead, which also empties the CPU caches), their ratio, the peak memory of ``single_linkage`` (tracemalloc
peak of one separate run, which includes every NumPy buffer, and the growth
of the process's peak RSS during that run) and the largest difference between
the two sorted merge-height columns.
"""

import argparse
import gc
import os
import platform
import resource
import sys
import time
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app.analysis.clustering import keep_heap, single_linkage, standardize  # noqa: E402

try:
    import fastcluster
except ImportError:  # pragma: no cover - depends on the environment
    fastcluster = None


def order_features(n, seed=0):
    """Raw order rows: profit %, cost, price (see module docstring)."""
    rng = np.random.default_rng(seed)
    n_dup = int(n * 0.08)
    n_odd = int(n * 0.04)
    n_main = n - n_dup - n_odd
    k = 6
    weights = rng.dirichlet(np.full(k, 2.0))
    seg = rng.choice(k, size=n_main, p=weights)
    mu = rng.uniform(1.0, 8.0, k)          # log cost: ~3 to ~3000 per order
    sd = rng.uniform(0.2, 0.9, k)
    shape = rng.uniform(1.5, 6.0, k)
    scale = rng.uniform(0.05, 0.4, k)
    cost = np.exp(rng.normal(mu[seg], sd[seg]))
    price = cost * (1.0 + rng.gamma(shape[seg], scale[seg]))
    odd_cost = np.exp(rng.uniform(0.0, 10.0, n_odd))
    odd_price = odd_cost * np.exp(rng.uniform(-0.5, 1.5, n_odd))
    cost = np.round(np.concatenate([cost, odd_cost]), 2) + 0.01
    price = np.round(np.concatenate([price, odd_price]), 2) + 0.01
    profit = np.round((price - cost) / price * 100.0, 1)
    X = np.column_stack([profit, cost, price])
    X = np.vstack([X, X[rng.integers(0, X.shape[0], n_dup)]])
    return X[rng.permutation(n)]


def other_data(kind, n, seed=0):
    """Non-order data sets for robustness checks (``--data``), 3 features."""
    rng = np.random.default_rng(seed)
    if kind == "blobs":
        # 20 Gaussian clusters whose spreads differ by a factor of 100
        centres = rng.normal(size=(20, 3)) * 10.0
        spread = rng.uniform(0.01, 1.0, 20)
        lab = rng.integers(0, 20, n)
        return centres[lab] + rng.normal(size=(n, 3)) * spread[lab, None]
    if kind == "heavy":
        # heavy tails: log-normal coordinates, not log-scaled
        return np.exp(rng.normal(size=(n, 3)) * 2.0)
    if kind == "uniform":
        return rng.random((n, 3))
    raise ValueError(kind)


def peak_rss_mb():
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024.0 if sys.platform != "darwin" else r / 1048576.0


def timed(fn, X, cold=False):
    """Wall time of one call, as ``timeit`` takes it: garbage collection is
    off during the call.  ``cold`` collects garbage right before the call,
    which also evicts the CPU caches (closer to a first call in the app)."""
    if cold:
        gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        t = time.perf_counter()
        Z = fn(X)
        return time.perf_counter() - t, Z
    finally:
        if enabled:
            gc.enable()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+",
                   default=[1000, 10000, 20000, 100000, 200000])
    p.add_argument("--repeats", type=int, default=5,
                   help="timed runs per size (default 5; sizes below 10000 "
                        "get at least --small-repeats)")
    p.add_argument("--small-repeats", type=int, default=101,
                   help="timed runs for sizes below 10000 (default 101: "
                        "a run takes milliseconds there, and a median of "
                        "five is mostly noise)")
    p.add_argument("--cold", action="store_true",
                   help="collect garbage before every timed call (cold "
                        "CPU caches)")
    p.add_argument("--big-repeats", type=int, default=3,
                   help="timed runs for sizes >= 100000 (default 3; "
                        "fastcluster needs about a minute per run at 200000)")
    p.add_argument("--no-fastcluster", action="store_true",
                   help="time single_linkage only")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default="orders",
                   choices=["orders", "blobs", "heavy", "uniform"],
                   help="orders (default): order-like features, standardized;"
                        " blobs / heavy / uniform: other 3-D data sets for "
                        "robustness checks (used as they are)")
    args = p.parse_args(argv)
    keep_heap()  # as the analysis service does before it clusters

    fc = None if args.no_fastcluster else fastcluster
    print("Python %s, NumPy %s, %s, %d CPU(s)" % (
        platform.python_version(), np.__version__, platform.machine(),
        os.cpu_count() or 1))
    if fc is None and fastcluster is None:
        print("fastcluster is not installed: timing single_linkage only.  "
              "Install it with `.venv/bin/pip install fastcluster` to "
              "compare.")
    elif fc is None:
        print("fastcluster disabled (--no-fastcluster): timing "
              "single_linkage only.")
    else:
        print("fastcluster %s" % getattr(fc, "__version__", "?"))
    if args.data == "orders":
        print("data: order-like (profit %%, log cost, log price), "
              "standardized; times are medians%s" % (
                  " (cold: garbage collected before every call)"
                  if args.cold else ""))
    else:
        print("data: %s (3 features); times are medians" % args.data)
    print()
    head = ("%9s  %10s  %12s  %9s  %11s  %10s  %12s" % (
        "n", "ours [s]", "fastclus [s]", "speed-up", "peak [MB]",
        "RSS+ [MB]", "max |dh|"))
    print(head)
    print("-" * len(head))
    for n in args.sizes:
        if args.data == "orders":
            X = standardize(order_features(n, args.seed), log_columns=(1, 2))
        else:
            X = other_data(args.data, n, args.seed)
        reps = args.repeats if n < 100000 else min(args.repeats,
                                                   args.big_repeats)
        if n < 10000:
            reps = max(reps, args.small_repeats)
        reps = max(1, reps)
        # memory: one separate run under tracemalloc
        gc.collect()
        rss0 = peak_rss_mb()
        tracemalloc.start()
        Z = single_linkage(X)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        rss_growth = peak_rss_mb() - rss0
        ours = []
        theirs = []
        Zf = None
        if fc is not None and n < 100000:
            fc.linkage_vector(X, "single")  # warm-up (ours ran above)
        gc.collect()
        for _ in range(reps):
            t, Z = timed(single_linkage, X, args.cold)
            ours.append(t)
            if fc is not None:
                t, Zf = timed(lambda A: fc.linkage_vector(A, "single"), X,
                              args.cold)
                theirs.append(t)
        t_ours = float(np.median(ours))
        if fc is not None:
            t_fc = float(np.median(theirs))
            dh = float(np.abs(np.sort(Z[:, 2]) - np.sort(Zf[:, 2])).max())
            print("%9d  %10.4f  %12.4f  %8.2fx  %11.1f  %10.1f  %12.2e" % (
                n, t_ours, t_fc, t_fc / t_ours, peak, rss_growth, dh))
        else:
            print("%9d  %10.4f  %12s  %9s  %11.1f  %10.1f  %12s" % (
                n, t_ours, "-", "-", peak, rss_growth, "-"))
        sys.stdout.flush()
    print()
    print("speed-up = fastcluster time / our time; peak = tracemalloc peak of "
          "single_linkage; RSS+ = growth of the process's peak RSS during "
          "that run (0 when an earlier size already reached it); max |dh| = "
          "largest difference between the sorted merge heights.")


if __name__ == "__main__":
    main()
