"""Tests of app.analysis.clustering against SciPy's single linkage.

SciPy is a test-only reference here; the product code uses NumPy only.

About ties: when several merges have the same height, SciPy and we may list
them in a different order (both are valid single-linkage hierarchies), so the
linkage matrices are compared through what does not depend on that order:
the sorted merge heights, validity/sizes, and the flat partitions.  The
partitions of ``fcluster(Z, k, 'maxclust')`` (and of our ``cut``) are
functions of the heights alone -- the cut is made at the smallest merge
height that leaves at most ``k`` clusters -- so they are compared for every
``k`` without exception, ties included.
"""

import contextlib
import itertools
import os
import platform
import re
import subprocess
import sys
import tracemalloc
import warnings

import numpy as np
import pytest

from app import i18n
from app.analysis.clustering import (
    ClusteringError,
    candidates,
    cut,
    cut_at,
    kdtree,
    mst,
    single_linkage,
    standardize,
    tuning,
)
from app.analysis.features import as_points
from app.domain.errors import DomainError

scipy = pytest.importorskip("scipy")
scipy_hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
linkage = scipy_hierarchy.linkage
is_valid_linkage = scipy_hierarchy.is_valid_linkage

# SciPy < 1.15 has a bug in fcluster's 'maxclust' binary search (it can never
# pick the smallest merge height, and k >= n is not special-cased; fixed by
# scipy/scipy#21121).  With such a SciPy (the last one for Python 3.8 is
# 1.10) the fixed semantics -- documented the same way -- are reproduced from
# SciPy's own 'distance' criterion.
_SCIPY_FIXED_MAXCLUST = tuple(
    int(p) for p in scipy.__version__.split(".")[:2]) >= (1, 15)


def fcluster(Z, t, criterion):
    if criterion != "maxclust" or _SCIPY_FIXED_MAXCLUST:
        return scipy_hierarchy.fcluster(Z, t, criterion)
    n = Z.shape[0] + 1
    if t >= n:
        return np.arange(1, n + 1)
    thresh = np.sort(Z[:, 2])[n - int(t) - 1]
    return scipy_hierarchy.fcluster(Z, thresh, "distance")


# ---------------------------------------------------------------------------
# data sets (all seeded)
# ---------------------------------------------------------------------------

def blobs(n, d, seed):
    """Gaussian blobs of very different spreads plus 5 % uniform noise."""
    rng = np.random.default_rng(seed)
    k = 5
    centres = rng.uniform(-10, 10, (k, d))
    spread = rng.uniform(0.05, 1.5, k)
    lab = rng.integers(0, k, n)
    X = centres[lab] + rng.normal(size=(n, d)) * spread[lab, None]
    noise = rng.random(n) < 0.05
    X[noise] = rng.uniform(-12, 12, (int(noise.sum()), d))
    return X


def uniform(n, d, seed):
    return np.random.default_rng(seed).random((n, d))


def duplicates(n, d, seed):
    """Many exact duplicate rows (drawn from a pool of n // 4 points)."""
    rng = np.random.default_rng(seed)
    pool = rng.normal(size=(max(1, n // 4), d))
    return pool[rng.integers(0, pool.shape[0], n)]


def grid(n, d, seed):
    """Integer grid points: massive exact ties and duplicates."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 6, (n, d)).astype(np.float64)


def orders(n, seed):
    """Order-like rows: profit %, cost, price (skewed, rounded, repeated)."""
    rng = np.random.default_rng(seed)
    k = 4
    lab = rng.integers(0, k, n)
    mu = rng.uniform(1.0, 8.0, k)
    cost = np.exp(rng.normal(mu[lab], 0.6))
    price = cost * (1.0 + rng.gamma(3.0, 0.15, n))
    noise = rng.random(n) < 0.04
    cost[noise] = np.exp(rng.uniform(0, 10, int(noise.sum())))
    price[noise] = cost[noise] * np.exp(rng.uniform(-0.3, 1.5,
                                                    int(noise.sum())))
    cost = np.round(cost, 2) + 0.01
    price = np.round(price, 2) + 0.01
    profit = np.round((price - cost) / price * 100.0, 1)
    X = np.column_stack([profit, cost, price])
    dup = rng.random(n) < 0.08
    X[dup] = X[rng.integers(0, n, int(dup.sum()))]
    return X


def std_orders(n, seed):
    return standardize(orders(n, seed), log_columns=(1, 2))


MAKERS = {"blobs": blobs, "uniform": uniform, "duplicates": duplicates,
          "grid": grid}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def same_partition(a, b):
    """True when two label vectors describe the same partition."""
    a = np.asarray(a)
    b = np.asarray(b)
    return (a.shape == b.shape and
            len(set(zip(a.tolist(), b.tolist()))) == len(set(a.tolist())) ==
            len(set(b.tolist())))


def cluster_sizes(Z):
    """Sizes recomputed from the children, for checking column 3."""
    n = Z.shape[0] + 1
    size = np.ones(2 * n - 1)
    for i, (a, b) in enumerate(Z[:, :2].astype(int)):
        size[n + i] = size[a] + size[b]
    return size[n:]


def check_against_scipy(X, Z=None, ks=range(2, 11)):
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    if Z is None:
        Z = single_linkage(X)
    with warnings.catch_warnings():
        # SciPy warns when a square symmetric input looks like a distance
        # matrix; ours are always observations.
        warnings.simplefilter("ignore", scipy_hierarchy.ClusterWarning)
        Zs = linkage(X, "single")
    assert Z.dtype == np.float64
    assert Z.shape == (n - 1, 4)
    assert is_valid_linkage(Z)
    assert np.all(np.diff(Z[:, 2]) >= 0), "heights must not decrease"
    assert np.all(Z[:, 0] < Z[:, 1])
    np.testing.assert_array_equal(Z[:, 3], cluster_sizes(Z))
    scale = max(1.0, float(np.abs(Zs[:, 2]).max()))
    diff = np.abs(np.sort(Z[:, 2]) - Zs[:, 2]).max()
    assert diff <= 1e-9 * scale, diff
    for k in ks:
        if k > n:
            break
        ref = fcluster(Zs, k, "maxclust")
        ours = cut(Z, k)
        assert same_partition(ours, ref), k
        # our matrix works in SciPy's machinery, and our cut on SciPy's
        assert same_partition(fcluster(Z, k, "maxclust"), ref), k
        assert same_partition(cut(Zs, k), ref), k
    return Z, Zs


@contextlib.contextmanager
def patched(**values):
    """Temporarily override tuning constants (to force code paths)."""
    old = {k: getattr(tuning, k) for k in values}
    for k, v in values.items():
        setattr(tuning, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(tuning, k, v)


# ---------------------------------------------------------------------------
# agreement with SciPy
# ---------------------------------------------------------------------------

SMALL_CASES = [(kind, n, d, 1000 + i) for i, (kind, d, n) in enumerate(
    itertools.product(sorted(MAKERS), (1, 2, 3),
                      (2, 3, 5, 17, 64, 65, 150, 400, 1500)))]


@pytest.mark.parametrize("kind,n,d,seed", SMALL_CASES)
def test_matches_scipy_small(kind, n, d, seed):
    check_against_scipy(MAKERS[kind](n, d, seed))


@pytest.mark.parametrize("n,seed", [(50, 1), (300, 2), (2000, 3),
                                    (5000, 4)])
def test_matches_scipy_order_data(n, seed):
    check_against_scipy(std_orders(n, seed))


@pytest.mark.parametrize("kind,n,d,seed", [
    ("blobs", 5000, 3, 11), ("grid", 5000, 3, 12), ("duplicates", 4000, 2, 13),
    ("uniform", 3000, 2, 14), ("blobs", 8000, 1, 15)])
def test_matches_scipy_medium(kind, n, d, seed):
    check_against_scipy(MAKERS[kind](n, d, seed))


def test_matches_scipy_large_order_data():
    """20 000 realistic rows (SciPy needs a 1.6 GB distance matrix here)."""
    check_against_scipy(std_orders(20000, 7))


@pytest.mark.parametrize("d", [4, 5, 8, 12])
def test_matches_scipy_higher_dimensions(d):
    check_against_scipy(blobs(600, d, 40 + d))
    check_against_scipy(grid(300, d, 50 + d))


FORCED_PATHS = [
    # every component certified only by the exact tree search
    dict(PRIM_MAX_N=1, BRUTE_MAX=0, RHO_FACTOR=0.0, SMALL_RHO_FACTOR=0.0),
    # tiny radii, tiny leaves
    dict(PRIM_MAX_N=1, BRUTE_MAX=0, RHO_FACTOR=0.05, LEAF_SIZE=2,
         SMALL_N=0),
    # huge radii: almost everything from the candidate edges
    dict(PRIM_MAX_N=1, RHO_FACTOR=3.0, LEAF_SIZE=3, SMALL_N=0),
    # ... and in the big leaves of small inputs
    dict(PRIM_MAX_N=1, SMALL_RHO_FACTOR=3.0, RHO_CAP=100.0),
    # brute-force exact search, odd leaf size, no dendrogram rounds
    dict(PRIM_MAX_N=1, BRUTE_MAX=10 ** 9, LEAF_SIZE=5, SMALL_N=0,
         DENDRO_MIN_ROUND=10 ** 9, LINKAGE_LOOP_MAX=0),
    # dendrogram contraction down to the last edge
    dict(PRIM_MAX_N=1, DENDRO_MIN_ROUND=0, LEAF_SIZE=16, SMALL_N=0,
         LINKAGE_LOOP_MAX=0),
    # small trees through the descents instead of the one-pass tables
    dict(PRIM_MAX_N=1, FLAT_LEVELS=0, FLAT_PAIRS=0, PAIRS_TOP_LEVEL=0,
         BRUTE_MAX=0),
    # no component ever waits for a later round
    dict(PRIM_MAX_N=1, DEFER_FRACTION=2.0, BRUTE_MAX=0),
    # uncertain components wait whenever one component is certain
    dict(PRIM_MAX_N=1, DEFER_FRACTION=0.0, RHO_FACTOR=0.05,
         SMALL_RHO_FACTOR=0.05),
    # pairs of big leaves one leaf pair per chunk (many chunks left empty)
    dict(PRIM_MAX_N=1, CHUNK_PAIRS=1, BRUTE_MAX=0, SMALL_LEAF_SIZE=12),
]


@pytest.mark.parametrize("cfg", range(len(FORCED_PATHS)))
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_matches_scipy_all_code_paths(cfg, kind):
    """Small inputs through the k-d tree machinery with extreme settings."""
    rng = np.random.default_rng(100 + cfg)
    with patched(**FORCED_PATHS[cfg]):
        for _ in range(6):
            n = int(rng.integers(2, 260))
            d = int(rng.integers(2, 4))
            X = MAKERS[kind](n, d, int(rng.integers(1 << 30)))
            check_against_scipy(X)


@pytest.mark.parametrize("seed", range(6))
def test_leaf_pairs_one_pass_equals_descent(seed):
    """The one-pass table of small trees finds exactly the pairs of the
    descent (same tests, same leaves)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 2000))
    X = as_points(blobs(n, 3, seed))
    X = X[mst._dedupe(X)[0]]
    tree = kdtree.KDTree(X, int(rng.integers(2, 17)))
    tau2 = candidates.leaf_radii2(tree)[0] * rng.uniform(0.2, 3.0)
    a1, b1, l1 = candidates._leaf_pairs_flat(tree, tau2)
    a2, b2, l2 = candidates._leaf_pairs_descent(tree, tau2)
    nl = tau2.size
    k1 = a1 * nl + b1
    k2 = np.minimum(a2, b2) * nl + np.maximum(a2, b2)
    assert k1.size > 0
    np.testing.assert_array_equal(np.sort(k1), np.sort(k2))
    np.testing.assert_allclose(np.sort(l1), np.sort(l2), rtol=0, atol=0)


@pytest.mark.parametrize("seed", range(6))
def test_leaf_pair_points_equal_full_blocks(seed):
    """Dropping the points far from the other leaf's box loses no pair: the
    pairs of big leaves are exactly those of the full point blocks."""
    rng = np.random.default_rng(50 + seed)
    n = int(rng.integers(60, 1500))
    X = as_points(MAKERS[sorted(MAKERS)[seed % len(MAKERS)]](
        n, int(rng.integers(2, 4)), seed))
    X = X[mst._dedupe(X)[0]]
    tree = kdtree.KDTree(X, int(rng.integers(9, 33)))
    tau2 = candidates.leaf_radii2(tree)[0] * rng.uniform(0.2, 4.0)
    A, Bn, _ = candidates._leaf_pairs_flat(tree, tau2)
    cross = A != Bn
    A = A[cross]
    Bn = Bn[cross]
    u, v, d2 = candidates._leaf_pair_points(tree, A, Bn, tau2)
    want = set()
    for a, b in zip(A.tolist(), Bn.tolist()):
        for p in range(tree.lstart[a], tree.lstart[a] + tree.lsize[a]):
            t = tree.X[tree.lstart[b]:tree.lstart[b] + tree.lsize[b]]
            t = t - tree.X[p]
            dd = (t * t).sum(axis=1)
            for j in np.nonzero(dd <= max(tau2[a], tau2[b]))[0].tolist():
                want.add((p, int(tree.lstart[b]) + j))
    got = set(zip(u.tolist(), v.tolist()))
    assert len(want) > 0
    assert got == want
    assert len(got) == u.size  # no pair twice
    assert np.all(u < v)
    np.testing.assert_array_equal(
        d2, ((tree.X[u] - tree.X[v]) ** 2).sum(axis=1))


def test_one_dimensional_chain():
    """Growing gaps: the dendrogram is one long chain."""
    x = np.cumsum(np.arange(3000, dtype=np.float64))[::-1].copy()
    check_against_scipy(x[:, None])
    with patched(DENDRO_MIN_ROUND=0, LINKAGE_LOOP_MAX=0):
        check_against_scipy(x[:, None])
    with patched(DENDRO_MIN_ROUND=10 ** 9, LINKAGE_LOOP_MAX=0):
        check_against_scipy(x[:, None])


def test_all_rows_identical():
    X = np.tile([[1.5, -2.0, 3.25]], (40, 1))
    Z, _ = check_against_scipy(X)
    assert np.all(Z[:, 2] == 0)
    assert Z[-1, 3] == 40


def test_two_rows_and_collinear_rows():
    check_against_scipy([[0.0, 0.0], [3.0, 4.0]])
    Z = single_linkage([[0.0, 0.0], [3.0, 4.0]])
    np.testing.assert_array_equal(Z, [[0.0, 1.0, 5.0, 2.0]])
    t = np.linspace(0, 1, 200)
    check_against_scipy(np.column_stack([t, 2 * t, -t]))


def test_extreme_magnitudes():
    X = blobs(300, 3, 5)
    for scale in (1e-120, 1e-8, 1e8, 1e120):
        Z = single_linkage(X * scale)
        Zs = linkage(X * scale, "single")
        np.testing.assert_allclose(np.sort(Z[:, 2]), Zs[:, 2], rtol=1e-12)
        for k in range(2, 11):
            assert same_partition(cut(Z, k), fcluster(Zs, k, "maxclust"))


def test_subnormal_values_match_scipy():
    """Tiny distances underflow exactly as in SciPy (no hidden rescaling)."""
    check_against_scipy([[0.0], [0.0], [5e-324]])
    check_against_scipy([[0.0, 1e-160], [1e-160, 0.0], [0.0, 0.0]])


def test_huge_values_do_not_overflow():
    """Beyond 2**500 the data are scaled by a power of two (exact)."""
    X = blobs(200, 3, 8)
    Z = single_linkage(X * 2.0 ** 700)
    Zr = single_linkage(X)
    assert np.isfinite(Z).all()
    np.testing.assert_allclose(Z[:, 2], Zr[:, 2] * 2.0 ** 700, rtol=1e-15)
    for k in range(2, 11):
        assert same_partition(cut(Z, k), cut(Zr, k))


def test_input_types_and_no_mutation():
    X = grid(120, 2, 3)
    ref = single_linkage(X)
    before = X.copy()
    np.testing.assert_array_equal(single_linkage(X.tolist()), ref)
    np.testing.assert_array_equal(single_linkage(X.astype(np.int64)), ref)
    np.testing.assert_array_equal(single_linkage(np.asfortranarray(X)), ref)
    np.testing.assert_array_equal(X, before)
    np.testing.assert_array_equal(single_linkage(X), ref)  # deterministic


def test_linkage_never_builds_a_distance_matrix():
    """Peak traced memory at 20 000 rows stays far below a condensed matrix.

    A condensed distance matrix alone would take n * (n - 1) / 2 * 8 bytes
    (1.6 GB here); the algorithm is O(n) in memory.
    """
    n = 20000
    X = std_orders(n, 3)
    tracemalloc.start()
    try:
        Z = single_linkage(X)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert Z.shape == (n - 1, 4)
    condensed = n * n * 8 / 2
    assert peak < condensed / 25, (peak, condensed)
    assert peak < 1200 * n  # about 1.2 kB per row at most


_FAULTS_SCRIPT = """
import resource
import numpy as np
from app.analysis.clustering import keep_heap, single_linkage, standardize
keep_heap()  # as the analysis service does before it clusters
rng = np.random.default_rng(0)
X = standardize(np.column_stack([rng.normal(30, 15, 1000),
                                 np.exp(rng.normal(5, 2, 1000)),
                                 np.exp(rng.normal(6, 2, 1000))]),
                log_columns=(1, 2))
single_linkage(X)
f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    single_linkage(X)
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0) / 10.0)
"""


@pytest.mark.skipif(platform.system() != "Linux"
                    or platform.libc_ver()[0] != "glibc",
                    reason="glibc's heap trimming")
def test_repeated_runs_keep_their_heap():
    """Runs of 1 000 rows do not hand their temporaries' pages back to the
    system only to fault them in again on the next call.

    In a fresh interpreter, without the allocator hint (``keep_heap()``, which
    the analysis service calls before it clusters), glibc trims the heap after
    every run: 170 to 1 150 page faults per call (a seventh of the run).  Page
    faults are counted, not time.
    """
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", _FAULTS_SCRIPT], cwd=root,
                         stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    assert float(out) < 20, out


_IMPORT_SCRIPT = """
import tracemalloc
import numpy as np
tracemalloc.start()
import app.analysis.clustering
print(tracemalloc.get_traced_memory()[1])
"""


def test_importing_the_package_allocates_nothing():
    """The heap hint is an explicit call: importing the package does not map
    its 8 MB block (tracemalloc sees NumPy's allocations)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", _IMPORT_SCRIPT], cwd=root,
                         stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    assert int(out) < tuning.HEAP_HINT_BYTES // 2, out


# ---------------------------------------------------------------------------
# flat clusters
# ---------------------------------------------------------------------------

def test_cut_numbering_by_size():
    X = np.array([[0.0], [0.1], [0.2], [10.0], [10.1], [20.0], [30.0],
                  [30.1], [30.2], [30.3]])
    Z = single_linkage(X)
    labels = cut(Z, 4)
    # sizes 4 (rows 6-9), 3 (rows 0-2), 2 (rows 3-4), 1 (row 5)
    np.testing.assert_array_equal(labels, [2, 2, 2, 3, 3, 4, 1, 1, 1, 1])
    # equal sizes: ordered by smallest member
    Z = single_linkage([[5.0], [0.0], [5.1], [0.1]])
    np.testing.assert_array_equal(cut(Z, 2), [1, 2, 1, 2])
    np.testing.assert_array_equal(cut(Z, 4), [1, 2, 3, 4])


@pytest.mark.parametrize("seed", range(6))
def test_cut_labels_are_sorted_by_size(seed):
    X = blobs(700, 2, 300 + seed)
    Z = single_linkage(X)
    for k in range(1, 12):
        labels = cut(Z, k)
        m = labels.max()
        assert set(labels.tolist()) == set(range(1, m + 1))
        assert m <= k
        sizes = np.bincount(labels)[1:]
        assert np.all(np.diff(sizes) <= 0)
        firsts = [int(np.nonzero(labels == j)[0][0]) for j in range(1, m + 1)]
        for j in range(m - 1):
            if sizes[j] == sizes[j + 1]:
                assert firsts[j] < firsts[j + 1]


def test_cut_with_ties_at_the_cut_height_follows_scipy():
    """Four corners of a square: every merge has height 1.

    No cut gives exactly 2 or 3 clusters; like SciPy's maxclust the cut is
    made at the smallest height leaving at most k clusters, i.e. 1 cluster.
    """
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    Z = single_linkage(X)
    Zs = linkage(X, "single")
    for k in (1, 2, 3):
        assert np.all(cut(Z, k) == 1)
        assert np.all(fcluster(Zs, k, "maxclust") == 1)
    np.testing.assert_array_equal(cut(Z, 4), [1, 2, 3, 4])


def test_cut_extremes():
    X = duplicates(60, 2, 9)
    Z = single_linkage(X)
    np.testing.assert_array_equal(cut(Z, 1), np.ones(60, dtype=int))
    # k == n: singletons, even for duplicate rows (as SciPy)
    np.testing.assert_array_equal(cut(Z, 60), np.arange(1, 61))
    assert same_partition(cut(Z, 60), fcluster(linkage(X, "single"), 60,
                                               "maxclust"))


@pytest.mark.parametrize("seed", range(4))
def test_cut_at_matches_scipy_distance_criterion(seed):
    X = grid(500, 2, 700 + seed) if seed % 2 else blobs(500, 3, 700 + seed)
    Z = single_linkage(X)
    Zs = linkage(X, "single")
    heights = np.unique(Zs[:, 2])
    ts = list(heights[::max(1, heights.size // 15)]) + [
        -1.0, 0.0, heights[-1], heights[-1] * 2, float(np.median(heights))]
    for t in ts:
        ours = cut_at(Z, t)
        assert same_partition(ours, fcluster(Zs, t, "distance")), t
        m = ours.max()
        sizes = np.bincount(ours)[1:]
        assert sizes.size == m and np.all(np.diff(sizes) <= 0)


def test_cut_at_keeps_merges_at_exactly_the_height():
    Z = single_linkage([[0.0], [1.0], [3.0]])
    np.testing.assert_array_equal(cut_at(Z, 1.0), [1, 1, 2])
    np.testing.assert_array_equal(cut_at(Z, 0.999), [1, 2, 3])
    np.testing.assert_array_equal(cut_at(Z, 2.0), [1, 1, 1])


# ---------------------------------------------------------------------------
# standardize
# ---------------------------------------------------------------------------

def test_standardize_z_scores():
    rng = np.random.default_rng(1)
    X = rng.normal(5.0, 3.0, (200, 3))
    Y = standardize(X)
    np.testing.assert_allclose(Y.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(Y.std(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(Y, (X - X.mean(0)) / X.std(0), rtol=1e-12)


def test_standardize_does_not_depend_on_memory_alignment():
    """Same values at another address give bit-identical results."""
    X = orders(3000, 6)
    ref = standardize(X, log_columns=(1, 2))
    for offset in (8, 16, 24, 40, 56):
        buf = np.zeros(X.size * 8 + 64, dtype=np.uint8)
        Xm = np.frombuffer(buf[offset:offset + X.size * 8],
                           dtype=np.float64).reshape(X.shape)
        Xm[...] = X
        np.testing.assert_array_equal(standardize(Xm, log_columns=(1, 2)),
                                      ref)
        np.testing.assert_array_equal(single_linkage(standardize(
            Xm, log_columns=(1, 2))), single_linkage(ref))


def test_standardize_constant_column_becomes_zeros():
    X = np.column_stack([np.full(7, 0.1), np.arange(7.0), np.full(7, -3.0)])
    Y = standardize(X)
    assert np.all(Y[:, 0] == 0.0) and np.all(Y[:, 2] == 0.0)
    assert np.isfinite(Y).all()
    np.testing.assert_allclose(Y[:, 1].std(), 1.0)


def test_standardize_log_columns():
    X = orders(300, 4)
    Y = standardize(X, log_columns=(1, 2))
    L = X.copy()
    L[:, 1:] = np.log(L[:, 1:])
    np.testing.assert_allclose(Y, (L - L.mean(0)) / L.std(0), rtol=1e-10)
    np.testing.assert_allclose(standardize(X, log_columns=[-1, -2]), Y)


def test_standardize_rejects_non_positive_log_values():
    X = np.array([[1.0, 2.0], [3.0, 0.0], [4.0, -1.0]])
    with pytest.raises(ClusteringError) as e:
        standardize(X, log_columns=(1,))
    assert e.value.key == "error.analysis.not_positive_for_log"
    assert e.value.params["column"] == 1 and e.value.params["row"] == 1
    assert e.value.params["rows"] == 2
    assert "positive" in str(e.value)
    standardize(X, log_columns=(0,))  # column 0 is fine


def test_standardize_rejects_bad_column():
    with pytest.raises(ClusteringError) as e:
        standardize(np.ones((3, 2)), log_columns=(2,))
    assert e.value.key == "error.analysis.bad_column"


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("func", [single_linkage, standardize])
def test_nan_values_are_rejected(func):
    X = np.ones((5, 3))
    X[3, 1] = np.nan
    with pytest.raises(ClusteringError) as e:
        func(X)
    assert isinstance(e.value, DomainError)  # one error family with the shop's
    assert e.value.key == "error.analysis.nan_values"
    assert e.value.params["row"] == 3 and e.value.params["column"] == 1
    assert "NaN" in str(e.value)


@pytest.mark.parametrize("func", [single_linkage, standardize])
def test_infinite_values_are_rejected(func):
    X = np.zeros((4, 2))
    X[2, 0] = -np.inf
    with pytest.raises(ClusteringError) as e:
        func(X)
    assert e.value.key == "error.analysis.infinite_values"
    assert e.value.params["row"] == 2
    assert "infinite" in str(e.value)


@pytest.mark.parametrize("X", [np.zeros((1, 3)), np.zeros((0, 3))])
def test_too_few_rows(X):
    with pytest.raises(ClusteringError) as e:
        single_linkage(X)
    assert e.value.key == "error.analysis.too_few_orders"
    assert e.value.params["minimum"] == 2
    assert "At least 2" in str(e.value)


@pytest.mark.parametrize("X", [np.zeros(5), np.zeros((2, 2, 2)), 3.0,
                               np.zeros((4, 0)), [[1.0, 2.0], [3.0]]])
def test_bad_shape(X):
    with pytest.raises(ClusteringError) as e:
        single_linkage(X)
    assert e.value.key == "error.analysis.bad_shape"
    assert "2-D" in str(e.value)


def test_not_numeric():
    with pytest.raises(ClusteringError) as e:
        single_linkage([["a", "b"], ["c", "d"]])
    assert e.value.key == "error.analysis.not_numeric"


@pytest.mark.parametrize("k", [0, -1, 11, 2.5, True, "3", None])
def test_k_out_of_range(k):
    Z = single_linkage(uniform(10, 2, 1))
    with pytest.raises(ClusteringError) as e:
        cut(Z, k)
    assert e.value.key == "error.analysis.k_out_of_range"
    assert e.value.params["maximum"] == 10
    assert "1 to 10" in str(e.value)


def test_k_accepts_numpy_integers():
    Z = single_linkage(uniform(10, 2, 1))
    assert cut(Z, np.int64(3)).max() == 3
    assert cut(Z, 3.0).max() == 3


@pytest.mark.parametrize("t", [np.nan, np.inf, "x", None])
def test_cut_at_bad_distance(t):
    Z = single_linkage(uniform(10, 2, 1))
    with pytest.raises(ClusteringError) as e:
        cut_at(Z, t)
    assert e.value.key == "error.analysis.bad_distance"


@pytest.mark.parametrize("Z", [np.zeros((3, 3)), np.zeros((0, 4)),
                               [[0, 5, 1.0, 2]], [[0, 1, np.nan, 2]]])
def test_bad_linkage(Z):
    with pytest.raises(ClusteringError) as e:
        cut(Z, 1)
    assert e.value.key == "error.analysis.bad_linkage"


BAD_CALLS = [
    lambda: single_linkage(np.zeros((1, 3))),
    lambda: single_linkage(np.zeros(5)),
    lambda: single_linkage([["a", "b"], ["c", "d"]]),
    lambda: single_linkage(np.array([[1.0, np.nan], [2.0, 3.0]])),
    lambda: standardize(np.array([[1.0, np.inf], [2.0, 3.0]])),
    lambda: standardize(np.ones((3, 2)), log_columns=(2,)),
    lambda: standardize(np.array([[1.0, 2.0], [3.0, 0.0]]), log_columns=(1,)),
    lambda: cut(single_linkage(uniform(10, 2, 1)), 11),
    lambda: cut_at(single_linkage(uniform(10, 2, 1)), np.nan),
    lambda: cut(np.zeros((3, 3)), 1),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_every_error_is_translated_from_its_key_and_params_alone(call):
    """The edge (the analysis service, the screen) shows t(error.key, **error.params): each
    key is in the three catalogs and each placeholder of each language is among the params
    (the k message once asked for {n} while the error carried `maximum`)."""
    with pytest.raises(ClusteringError) as e:
        call()
    assert isinstance(e.value, DomainError)  # one error family: the edge translates it
    for lang in i18n.LANGUAGES:
        assert e.value.key in i18n.catalog(lang), (lang, e.value.key)
        wanted = set(re.findall(r"{(\w+)}", i18n.catalog(lang)[e.value.key]))
        assert wanted <= set(e.value.params), (lang, e.value.key, wanted, e.value.params)


# ---------------------------------------------------------------------------
# property test
# ---------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def point_sets(draw):
    n = draw(st.integers(2, 45))
    d = draw(st.integers(1, 3))
    if draw(st.booleans()):
        # few distinct small integers: duplicates and exact ties
        vals = st.integers(-3, 3).map(float)
    else:
        vals = st.floats(-100, 100, allow_nan=False, allow_infinity=False,
                         width=64)
    rows = draw(st.lists(st.lists(vals, min_size=d, max_size=d),
                         min_size=n, max_size=n))
    X = np.array(rows, dtype=np.float64)
    if draw(st.booleans()):  # repeat some rows
        idx = draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n))
        X = X[np.array(idx)]
    return X


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(point_sets(), st.booleans())
def test_property_matches_scipy(X, through_tree):
    if through_tree:
        with patched(PRIM_MAX_N=1, BRUTE_MAX=0, LEAF_SIZE=2, SMALL_N=0):
            check_against_scipy(X)
    else:
        check_against_scipy(X)
