"""Candidate edges from local neighbourhoods: every point's radius rho and all
pairs closer than the radii of their ends (docs/clustering.md, *Candidate
edges*).  The radii are heuristics: they trade candidate edges against exact
searches and never change the result."""
import numpy as np

from app.analysis.clustering import tuning
from app.analysis.clustering.arrays import starts_of


def leaf_radii2(tree):
    """Squared radius rho^2 of every leaf (docs/clustering.md).

    Returns ``(tau2, Dleaf)``: the radii, and, when they were measured within
    the leaves themselves, the ``(leaves, B, B)`` table of squared distances
    inside every leaf (padding: +inf) for :func:`candidate_edges` to reuse.
    """
    L = tree.L
    nl = tree.lsize.size
    B = tree.B
    d = tree.d
    pl = L - 1 if L >= 1 else 0
    ext = tree.hi[pl] - tree.lo[pl]
    in_leaf = not (L >= 1 and B <= 8)
    f = tuning.SMALL_RHO_FACTOR if in_leaf else tuning.RHO_FACTOR
    diag2 = (ext * ext).sum(axis=1) * (f * f)
    out = diag2.repeat(2) if L >= 1 else diag2
    if tuning.RHO_CAP > 0:
        if not in_leaf:
            # neighbours within the parent (about 16 points)
            blk = tree.LX.reshape(nl // 2, 2, d, B).transpose(0, 2, 1, 3)
            blk = blk.reshape(nl // 2, d, 2 * B)
        else:
            # big leaves hold enough neighbours themselves
            blk = tree.LX
        D = blk[:, 0, :, None] - blk[:, 0, None, :]
        D *= D
        for k in range(1, d):
            t = blk[:, k, :, None] - blk[:, k, None, :]
            t *= t
            D += t
        D[np.isnan(D)] = np.inf
        j = min(tuning.RHO_RANK, D.shape[2] - 1)
        rj = np.partition(D, j, axis=2)[:, :, j].reshape(nl, B)
        rj[~tree.slot_valid] = np.inf
        rj.sort(axis=1)
        med = rj[np.arange(nl), (tree.lsize - 1) // 2]
        med[~np.isfinite(med)] = np.inf
        out = np.minimum(out, med * (tuning.RHO_CAP * tuning.RHO_CAP))
        return out, (D if in_leaf else None)
    return out, None


def _leaf_pairs_flat(tree, tau2):
    """Leaf pairs ``a <= b`` whose boxes are within ``max(tau2)``: small trees.

    One pass over the ``(leaves, leaves)`` table of box gaps, one coordinate
    at a time: a handful of calls whatever the number of leaves.
    """
    nl = tau2.size
    lb2 = np.zeros((nl, nl))
    for k in range(tree.d):
        lo = tree.lo[tree.L][:, k]
        hi = tree.hi[tree.L][:, k]
        g = np.maximum(lo[None, :] - hi[:, None], lo[:, None] - hi[None, :])
        np.maximum(g, 0.0, out=g)
        g *= g
        lb2 += g
    keep = lb2 <= np.maximum(tau2[:, None], tau2[None, :])
    keep &= _tril_mask(nl).T
    f = keep.ravel().nonzero()[0]
    A, Bn = np.divmod(f, nl)
    return A, Bn, lb2.ravel()[f]


def _leaf_pairs_descent(tree, tau2):
    """The same by a descent of the tree, pruning node pairs (big trees)."""
    L = tree.L
    tmax = [None] * (L + 1)
    tmax[L] = tau2
    for lev in range(L - 1, -1, -1):
        tmax[lev] = np.maximum(tmax[lev + 1][0::2], tmax[lev + 1][1::2])
    # start a few levels down with every pair of nodes there (the first
    # levels would prune nothing anyway)
    top = min(L, tuning.PAIRS_TOP_LEVEL)
    A, Bn = _node_pairs(1 << top)
    for lev in range(top, L + 1):
        if lev > top:
            same = A == Bn
            As = 2 * A[same]
            Ad = 2 * A[~same]
            Bd = 2 * Bn[~same]
            A = np.concatenate([As, As, As + 1, Ad, Ad, Ad + 1, Ad + 1])
            Bn = np.concatenate([As, As + 1, As + 1, Bd, Bd + 1, Bd, Bd + 1])
        lo = tree.lo[lev]
        hi = tree.hi[lev]
        g = np.maximum(lo[Bn] - hi[A], lo[A] - hi[Bn])
        np.maximum(g, 0.0, out=g)
        g *= g
        lb2 = g.sum(axis=1)
        keep = lb2 <= np.maximum(tmax[lev][A], tmax[lev][Bn])
        A = A[keep]
        Bn = Bn[keep]
        lb2 = lb2[keep]
    return A, Bn, lb2


def candidate_edges(tree, tau2, Dleaf=None):
    """All pairs with squared distance <= max(tau2 of their two leaves).

    ``Dleaf``, if given, holds the distances inside every leaf (from
    :func:`leaf_radii2`): those pairs are not computed again.

    Returns ``(u, v, d2, tau2)`` with ``u < v`` in tree order.
    """
    L = tree.L
    if L <= tuning.FLAT_LEVELS:
        A, Bn, lb2 = _leaf_pairs_flat(tree, tau2)
    else:
        A, Bn, lb2 = _leaf_pairs_descent(tree, tau2)
    if tuning.VOLUME_CAP > 0 and tree.d <= 4:
        # Shrink the radius of leaves whose candidate leaves hold too many
        # points (a sparse leaf next to a dense cluster): the radius only
        # trades candidate edges against exact searches.
        nl = tau2.size
        cap = tuning.VOLUME_CAP * tree.B
        tau2 = tau2.copy()
        sz = tree.lsize.astype(np.float64)
        for _ in range(3):
            inA = lb2 <= tau2[A]
            inB = (lb2 <= tau2[Bn]) & (A != Bn)
            vol = np.bincount(A[inA], weights=sz[Bn[inA]], minlength=nl)
            vol += np.bincount(Bn[inB], weights=sz[A[inB]], minlength=nl)
            over = vol > cap
            if not np.count_nonzero(over):
                break
            tau2[over] *= (cap / vol[over]) ** (2.0 / tree.d)
        keep = lb2 <= np.maximum(tau2[A], tau2[Bn])
        A = A[keep]
        Bn = Bn[keep]
    B = tree.B
    d = tree.d
    LXT = tree.LXT
    us = []
    vs = []
    ds = []
    if Dleaf is not None:
        # pairs inside a leaf, from the table already computed
        keep = Dleaf <= tau2[:, None, None]
        keep &= _triu_mask(B)
        f = keep.ravel().nonzero()[0]
        ds.append(Dleaf.ravel()[f])
        lq, ri = np.divmod(f, B)
        li, qi = np.divmod(lq, B)
        us.append(tree.lstart[li] + qi)
        vs.append(tree.lstart[li] + ri)
        # big leaves: pairs between leaves after dropping the points too
        # far from the other leaf's box
        cross = A != Bn
        u, v, dd = _leaf_pair_points(tree, A[cross], Bn[cross], tau2)
        us.append(u)
        vs.append(v)
        ds.append(dd)
        return (np.concatenate(us), np.concatenate(vs), np.concatenate(ds),
                tau2)
    # small leaves (a block is hardly bigger than its pruned pairs): dense
    # blocks.  The pair axis is last (long, contiguous inner loops) and
    # chunks are small enough for the temporaries to stay in the cache.
    triu = _triu_mask(B)[:, :, None]
    chunk = max(1, tuning.CHUNK_PAIRS // (B * B))
    for s in range(0, A.size, chunk):
        a = A[s:s + chunk]
        b = Bn[s:s + chunk]
        D = LXT[0][:, None, a] - LXT[0][None, :, b]
        D *= D
        for k in range(1, d):
            t = LXT[k][:, None, a] - LXT[k][None, :, b]
            t *= t
            D += t
        keep = D <= np.maximum(tau2[a], tau2[b])
        same = a == b
        if np.count_nonzero(same):
            keep[:, :, same] &= triu
        f = keep.ravel().nonzero()[0]  # cheaper than a 3-D nonzero
        ds.append(D.ravel()[f])
        qr, pi = np.divmod(f, a.size)
        qi, ri = np.divmod(qr, B)
        us.append(tree.lstart[a[pi]] + qi)
        vs.append(tree.lstart[b[pi]] + ri)
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ds), tau2


def _near_box(tree, P, Q, thr2):
    """``(pairs, B)`` mask: slots of leaf ``P[i]`` within ``thr2[i]`` of the
    box of leaf ``Q[i]`` (padding slots are NaN and never pass)."""
    x = tree.LX[P]
    lo = tree.lo[tree.L][Q][:, :, None]
    hi = tree.hi[tree.L][Q][:, :, None]
    g = np.maximum(lo - x, x - hi)
    np.maximum(g, 0.0, out=g)
    g *= g
    # summed in the order of the point distances, so never above them
    s = g[:, 0]
    for k in range(1, tree.d):
        s = s + g[:, k]
    return s <= thr2[:, None]


def _leaf_pair_points(tree, A, Bn, tau2):
    """Point pairs of distinct leaves ``(A, Bn)`` within ``max(tau2)`` of
    the two leaves.

    Only points within that distance of the other leaf's box can pair up, so
    each leaf pair first drops the points that are too far from the other
    box (a quarter of the pairs of a full block are left on order data); the
    rest are listed flat and measured.  Leaf pairs go in chunks of bounded
    size.  Returns ``(u, v, d2)`` with ``u < v`` in tree order.
    """
    B = tree.B
    XT = np.ascontiguousarray(tree.X.T)  # one coordinate per row, for the flat pairs
    us = []
    vs = []
    ds = []
    chunk = max(1, tuning.CHUNK_PAIRS // B)
    for s in range(0, A.size, chunk):
        a = A[s:s + chunk]
        b = Bn[s:s + chunk]
        thr = np.maximum(tau2[a], tau2[b])
        pa, ia = _near_box(tree, a, b, thr).nonzero()
        pb, jb = _near_box(tree, b, a, thr).nonzero()
        nb = np.bincount(pb, minlength=a.size)
        cnt = nb[pa]
        tot = int(cnt.sum())
        # pair t: a-entry e[t] with the k-th b-entry of the same leaf pair
        e = np.repeat(np.arange(pa.size), cnt)
        u = (tree.lstart[a[pa]] + ia)[e]
        v = (tree.lstart[b[pb]] + jb)[
            np.arange(tot) + (starts_of(nb)[pa] - starts_of(cnt))[e]]
        t = XT[0][u] - XT[0][v]
        D = t * t
        for c in range(1, tree.d):
            t = XT[c][u] - XT[c][v]
            t *= t
            D += t
        f = (D <= thr[pa][e]).nonzero()[0]
        us.append(u[f])
        vs.append(v[f])
        ds.append(D[f])
    if not us:
        z = np.zeros(0, dtype=np.intp)
        return z, z, np.zeros(0)
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ds)


_TRIU_CACHE = {}


def _triu_mask(k):
    """``k x k`` boolean mask of the pairs ``i < j`` (cached: it is small)."""
    m = _TRIU_CACHE.get(("mask", k))
    if m is None:
        m = np.triu(np.ones((k, k), dtype=bool), 1)
        _TRIU_CACHE[("mask", k)] = m
    return m


def _tril_mask(k):
    """``k x k`` boolean mask of the pairs ``i >= j`` (cached)."""
    m = _TRIU_CACHE.get(("tril", k))
    if m is None:
        m = np.tril(np.ones((k, k), dtype=bool))
        _TRIU_CACHE[("tril", k)] = m
    return m


def _node_pairs(k):
    """All pairs ``i <= j`` of ``k`` nodes (cached; fresh copies returned)."""
    p = _TRIU_CACHE.get(("pairs", k))
    if p is None:
        p = np.triu_indices(k)
        _TRIU_CACHE[("pairs", k)] = p
    return p[0].copy(), p[1].copy()
