"""Exact single-linkage clustering of order profiles, in pure NumPy.

:func:`single_linkage` returns the same hierarchy as
``scipy.cluster.hierarchy.linkage(X, 'single')`` (Euclidean metric): an
``(n - 1, 4)`` float64 linkage matrix ``[a, b, height, size]`` in SciPy's
layout, new clusters numbered ``n, n + 1, ...`` in merge order, heights
non-decreasing.  :func:`cut` and :func:`cut_at` turn it into flat labels and
:func:`standardize` prepares the order features (profit %, cost, price).
Bad input raises :class:`ClusteringError`, a domain error with a translation
key and its params.

It runs on Python 3.8 with NumPy only, never holds an ``n x n`` (or
condensed) distance matrix and stays fast at 100 000 orders; the same input
gives bit-for-bit the same output.  Call :func:`keep_heap` once before
clustering (glibc's heap; importing has no side effect).

The algorithm, why it is exact, and its figures: docs/clustering.md.
Modules: ``kdtree`` (the tree), ``candidates`` (local candidate edges),
``search`` (exact lightest-edge search), ``mst`` (Boruvka rounds, the EMST),
``dendrogram`` (linkage matrix, flat cuts), ``tuning`` (speed constants).
"""
import numpy as np

from app.analysis.clustering.dendrogram import as_linkage, cut_rows, linkage_from_mst
from app.analysis.clustering.mst import emst
from app.analysis.clustering.tuning import keep_heap
from app.analysis.errors import ClusteringError
from app.analysis.features import as_points, standardize

__all__ = [
    "ClusteringError",
    "single_linkage",
    "cut",
    "cut_at",
    "standardize",
    "keep_heap",
]


def single_linkage(X):
    """Single-linkage (nearest neighbour) hierarchical clustering.

    Exact, with SciPy's output layout; never builds a pairwise distance
    matrix (memory O(n)).

    Parameters
    ----------
    X : array_like, shape (n, d)
        One row per order, one column per (already scaled) feature;
        ``n >= 2``, all values finite.  Any ``d >= 1``; fastest for small
        ``d`` (1 to 3).

    Returns
    -------
    Z : ndarray of float64, shape (n - 1, 4)
        Linkage matrix like ``scipy.cluster.hierarchy.linkage(X, 'single')``:
        row ``i`` merges clusters ``Z[i, 0] < Z[i, 1]`` (ids ``< n`` are the
        rows of ``X``, id ``n + j`` is the cluster made by row ``j``) at
        Euclidean distance ``Z[i, 2]`` into a cluster of ``Z[i, 3]`` rows.
        Heights are non-decreasing.  Equal heights may be listed in another
        order than SciPy's; the heights and every flat clustering
        (:func:`cut`, :func:`cut_at`) are the same.

    Raises
    ------
    ClusteringError
        If ``X`` is not a 2-D numeric table, has fewer than 2 rows, or
        contains NaN or infinite values.

    See Also
    --------
    cut, cut_at, standardize
    """
    A = as_points(X)
    n = A.shape[0]
    a, b, w = emst(A)
    return linkage_from_mst(n, a, b, w)


def cut(Z, k):
    """Flat clusters with at most ``k`` clusters (SciPy's 'maxclust').

    Parameters
    ----------
    Z : array_like, shape (n - 1, 4)
        Linkage matrix from :func:`single_linkage` (or SciPy's single
        linkage).
    k : int
        Wanted number of clusters, ``1 <= k <= n``.

    Returns
    -------
    labels : ndarray of intp, shape (n,)
        Cluster of every row, ``1..m`` with ``m <= k``; cluster 1 is the
        largest, equal sizes are ordered by their smallest row index.

    Raises
    ------
    ClusteringError
        If ``k`` is not an integer in ``1..n`` or ``Z`` is not a linkage
        matrix.

    Notes
    -----
    Like ``fcluster(Z, k, 'maxclust')`` the cut is made at the smallest
    merge height ``t`` that leaves at most ``k`` clusters, keeping every
    merge with height ``<= t``.  The partition thus depends on the heights
    only (it is the same for every tie order), and when merges of equal
    height straddle the cut, fewer than ``k`` clusters are returned.
    ``k == n`` gives singletons (even for duplicate rows), as in SciPy.
    """
    Z = as_linkage(Z)
    n = Z.shape[0] + 1
    try:
        ok = not isinstance(k, (bool, np.bool_)) and int(k) == k
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok or not 1 <= int(k) <= n:
        raise ClusteringError(
            "error.analysis.k_out_of_range",
            "The number of clusters must be a whole number from 1 to %d; "
            "got %r." % (n, k), k=k, minimum=1, maximum=n)
    k = int(k)
    if k >= n:
        return np.arange(1, n + 1)
    t = np.sort(Z[:, 2])[n - k - 1]
    return cut_rows(Z, Z[:, 2] <= t)


def cut_at(Z, distance):
    """Flat clusters at a height (SciPy's ``fcluster(Z, t, 'distance')``).

    Parameters
    ----------
    Z : array_like, shape (n - 1, 4)
        Linkage matrix from :func:`single_linkage`.
    distance : float
        Cut height ``t``: every merge with height ``<= t`` is kept, so two
        rows share a cluster iff they are linked by a chain of rows with
        steps ``<= t``.

    Returns
    -------
    labels : ndarray of intp, shape (n,)
        Cluster of every row, ``1..m``; cluster 1 is the largest, equal sizes
        are ordered by their smallest row index.

    Raises
    ------
    ClusteringError
        If ``distance`` is not a finite number or ``Z`` is not a linkage
        matrix.
    """
    Z = as_linkage(Z)
    try:
        t = float(distance)
    except (TypeError, ValueError):
        t = float("nan")
    if not np.isfinite(t):
        raise ClusteringError(
            "error.analysis.bad_distance",
            "The cut distance must be a finite number; got %r." % (distance,),
            distance=distance)
    return cut_rows(Z, Z[:, 2] <= t)
