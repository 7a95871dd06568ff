"""The dendrogram: the linkage matrix from the sorted MST edges, and flat
clusters cut from a linkage matrix (docs/clustering.md, *Dendrogram*)."""
import array

import numpy as np

from app.analysis.clustering import tuning
from app.analysis.clustering.arrays import scatter_first
from app.analysis.errors import ClusteringError


def as_linkage(Z):
    """Validate a linkage matrix: shape (n - 1, 4), finite, n >= 2."""
    try:
        Z = np.asarray(Z, dtype=np.float64)
    except (TypeError, ValueError):
        raise ClusteringError(
            "error.analysis.bad_linkage",
            "The linkage matrix must be a numeric (n - 1) x 4 array.") from None
    if Z.ndim != 2 or Z.shape[1] != 4 or Z.shape[0] < 1:
        raise ClusteringError(
            "error.analysis.bad_linkage",
            "The linkage matrix must be a numeric (n - 1) x 4 array with at "
            "least one row; got shape %s." % (Z.shape,),
            shape=tuple(int(s) for s in Z.shape))
    if not np.isfinite(Z).all():
        raise ClusteringError(
            "error.analysis.bad_linkage",
            "The linkage matrix contains NaN or infinite values.")
    n = Z.shape[0] + 1
    ch = Z[:, :2]
    if (ch != np.floor(ch)).any() or (ch < 0).any() or \
            (ch >= n + np.arange(n - 1)[:, None]).any():
        raise ClusteringError(
            "error.analysis.bad_linkage",
            "The linkage matrix refers to clusters that do not exist yet.")
    return Z


def _union_find(n, ranks, su, sv, size):
    """Kruskal's union-find over MST edges taken in order.

    Edge ``r`` (of ``ranks``, ascending) joins the clusters holding ``su`` and
    ``sv`` (points, or clusters made before) into cluster ``n + r``.  All
    arguments are lists; ``size`` (length ``2n - 1``) is filled in as the
    clusters are made.  Path halving keeps every find short; lists are faster
    than arrays for element-wise work in the interpreter.

    Returns
    -------
    lo, hi, sizes : lists, one entry per edge
        The two clusters joined (smaller id first) and the new cluster's size.
    """
    parent = list(range(2 * n - 1))
    lo = []
    hi = []
    sizes = []
    for r, x, y in zip(ranks, su, sv):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        while parent[y] != y:
            parent[y] = parent[parent[y]]
            y = parent[y]
        node = n + r
        parent[x] = node
        parent[y] = node
        s = size[x] + size[y]
        size[node] = s
        sizes.append(s)
        if x < y:
            lo.append(x)
            hi.append(y)
        else:
            lo.append(y)
            hi.append(x)
    return lo, hi, sizes


def _linkage_loop(n, su, sv, ws):
    """Linkage matrix by one union-find pass over the sorted MST edges."""
    m = n - 1
    lo, hi, sizes = _union_find(n, range(m), su.tolist(), sv.tolist(),
                                [1] * n + [0] * m)
    Z = np.empty((m, 4), dtype=np.float64)
    Z[:, 0] = _int_array(lo)
    Z[:, 1] = _int_array(hi)
    Z[:, 2] = ws
    Z[:, 3] = _int_array(sizes)
    return Z


def _int_array(values):
    """A list of ints as an int64 array (via the buffer protocol: a third of
    the time NumPy takes to convert the list item by item)."""
    return np.frombuffer(array.array("q", values), dtype=np.int64)


def linkage_from_mst(n, a, b, w):
    """SciPy-layout linkage matrix from the n - 1 MST edges (a, b, w)."""
    m = n - 1
    # w >= +0.0, so its bit patterns sort like the values (and faster)
    o = w.view(np.int64).argsort(kind="stable")
    if n <= tuning.LINKAGE_LOOP_MAX:
        return _linkage_loop(n, a[o], b[o], w[o])
    su = a[o].astype(np.intp)
    sv = b[o].astype(np.intp)
    ws = w[o]
    N2 = 2 * n - 1
    size = np.zeros(N2, dtype=np.intp)
    size[:n] = 1
    c1 = np.empty(m, dtype=np.intp)
    c2 = np.empty(m, dtype=np.intp)
    lab = np.arange(N2)
    deg = np.bincount(su, minlength=N2) + np.bincount(sv, minlength=N2)
    mn_u = np.full(N2, m, dtype=np.intp)
    mn_v = np.full(N2, m, dtype=np.intp)
    R = np.arange(m)
    while R.size > tuning.DENDRO_MIN_ROUND:
        leaf_u = deg[su] == 1
        leaf_v = deg[sv] == 1
        # lightest remaining edge at every cluster
        scatter_first(mn_u, su, R)
        scatter_first(mn_v, sv, R)
        lo_u = np.minimum(mn_u[su], mn_v[su])
        lo_v = np.minimum(mn_u[sv], mn_v[sv])
        mn_u[su] = m
        mn_v[sv] = m
        inner = ~(leaf_u | leaf_v)
        # lightest edge to a non-leaf at every cluster
        scatter_first(mn_u, su[inner], R[inner])
        scatter_first(mn_v, sv[inner], R[inner])
        # 1. local minima: the lightest edge at both of its ends
        loc = (lo_u == R) & (lo_v == R) & (inner | (leaf_u & leaf_v))
        # 2. runs of leaf edges lighter than every non-leaf edge at the centre
        cen = np.where(leaf_v, su, sv)
        run = (leaf_u != leaf_v) & (R < np.minimum(mn_u[cen], mn_v[cen]))
        mn_u[su] = m
        mn_v[sv] = m
        x = su[loc]
        y = sv[loc]
        sel = R[loc]
        node = n + sel
        c1[sel] = np.minimum(x, y)
        c2[sel] = np.maximum(x, y)
        size[node] = size[x] + size[y]
        deg[node] = deg[x] + deg[y] - 2
        lab[x] = node
        lab[y] = node
        if np.count_nonzero(run):
            rr = R[run]
            cc = cen[run]
            ll = np.where(leaf_v, sv, su)[run]
            oo = cc.argsort(kind="stable")
            rr = rr[oo]
            cc = cc[oo]
            ll = ll[oo]
            first = np.ones(rr.size, dtype=bool)
            first[1:] = cc[1:] != cc[:-1]
            prev = np.empty(rr.size, dtype=np.intp)
            prev[1:] = n + rr[:-1]
            prev[first] = cc[first]
            c1[rr] = np.minimum(prev, ll)
            c2[rr] = np.maximum(prev, ll)
            ls = size[ll]
            cs = np.cumsum(ls)
            gid = np.cumsum(first) - 1
            base = (cs - ls)[first]
            size[n + rr] = size[cc] + cs - base[gid]
            last = np.ones(rr.size, dtype=bool)
            last[:-1] = first[1:]
            runlen = np.diff(np.append(first.nonzero()[0], rr.size))
            deg[n + rr[last]] = deg[cc[last]] - runlen
            lab[cc[last]] = n + rr[last]
        done = loc | run
        cnt = int(np.count_nonzero(done))
        keep = ~done
        R = R[keep]
        su = lab[su[keep]]
        sv = lab[sv[keep]]
        if cnt < tuning.DENDRO_MIN_ROUND:
            break
    if R.size:
        lo, hi, sizes = _union_find(n, R.tolist(), su.tolist(), sv.tolist(),
                                    size.tolist())
        c1[R] = lo
        c2[R] = hi
        size[n + R] = sizes
    Z = np.empty((m, 4), dtype=np.float64)
    Z[:, 0] = c1
    Z[:, 1] = c2
    Z[:, 2] = ws
    Z[:, 3] = size[n:]
    return Z


def _labels_by_size(root):
    """Relabel cluster roots 1..m by size (desc), ties by smallest member."""
    uniq, first, inv, counts = np.unique(root, return_index=True,
                                         return_inverse=True,
                                         return_counts=True)
    order = np.lexsort((first, -counts))
    rank = np.empty(uniq.size, dtype=np.intp)
    rank[order] = np.arange(1, uniq.size + 1)
    return rank[inv.ravel()]


def cut_rows(Z, rows):
    """Flat labels when the merges of the boolean mask ``rows`` are done."""
    n = Z.shape[0] + 1
    parent = np.arange(2 * n - 1)
    idx = rows.nonzero()[0]
    parent[Z[idx, 0].astype(np.intp)] = n + idx
    parent[Z[idx, 1].astype(np.intp)] = n + idx
    while True:
        p2 = parent[parent]
        if np.array_equal(p2, parent):
            break
        parent = p2
    return _labels_by_size(parent[:n])
