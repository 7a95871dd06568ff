"""Exact search for the lightest edge leaving a component: brute force for
small problems, else branch and bound over the k-d tree (docs/clustering.md,
*Exact search*)."""
import numpy as np

from app.analysis.clustering import tuning
from app.analysis.clustering.arrays import scatter_min

_INT64_MAX = np.iinfo(np.int64).max


def _node_comp_ranges(tree, comp):
    """Smallest and largest component label in every node, per level."""
    cmin = [None] * (tree.L + 1)
    cmax = [None] * (tree.L + 1)
    cmin[tree.L] = np.minimum.reduceat(comp, tree.lstart)
    cmax[tree.L] = np.maximum.reduceat(comp, tree.lstart)
    for lev in range(tree.L - 1, -1, -1):
        cmin[lev] = np.minimum(cmin[lev + 1][0::2], cmin[lev + 1][1::2])
        cmax[lev] = np.maximum(cmax[lev + 1][0::2], cmax[lev + 1][1::2])
    return cmin, cmax


def _best_per_component(n, c, d2, p, q):
    """Per component c, the smallest (d2, min(p, q), max(p, q))."""
    best = np.full(n, np.inf)
    scatter_min(best, c, d2)
    ok = d2 == best[c]
    c = c[ok]
    d2 = d2[ok]
    lo = np.minimum(p[ok], q[ok])
    hi = np.maximum(p[ok], q[ok])
    key = lo * n + hi
    bk = np.full(n, _INT64_MAX, dtype=np.int64)
    scatter_min(bk, c, key)
    sel = (key == bk[c]).nonzero()[0]
    # what is left per component is one edge, perhaps listed more than
    # once: keep one entry each (any write wins; all are equal)
    cs = c[sel]
    one = np.empty(n, dtype=np.intp)
    one[cs] = sel
    sel = sel[one[cs] == sel]
    return c[sel], d2[sel], lo[sel], hi[sel]


def _brute_search(X, comp, queries, bound2):
    """Exact search by brute force (small problems), in bounded chunks."""
    n, d = X.shape
    XT = np.ascontiguousarray(X.T)
    rows = max(32, tuning.CHUNK_PAIRS // n)
    cs = []
    ds = []
    ps = []
    qs = []
    for s in range(0, queries.size, rows):
        qp = queries[s:s + rows]
        x = X[qp]
        D = XT[0][None, :] - x[:, 0, None]
        D *= D
        for k in range(1, d):
            t = XT[k][None, :] - x[:, k, None]
            t *= t
            D += t
        c = comp[qp]
        D[comp[None, :] == c[:, None]] = np.inf
        j = D.argmin(axis=1)
        dm = D[np.arange(qp.size), j]
        ok = (dm <= bound2[c]) & (dm < np.inf)
        cs.append(c[ok])
        ds.append(dm[ok])
        ps.append(qp[ok])
        qs.append(j[ok])
    return _best_per_component(n, np.concatenate(cs), np.concatenate(ds),
                               np.concatenate(ps), np.concatenate(qs))


def _leaf_compare(tree, comp, qp, nd, bound2, cmin, cmax):
    """Compare query points ``qp`` with the points of leaves ``nd``.

    Returns candidate edges ``(c, d2, p, q)``: for every (point, leaf) pair
    the nearest point of another component in the leaf (smallest index on
    ties) if it is within the bound of the query's component.
    """
    X = tree.X
    c = comp[qp]
    x = X[qp]
    gap = np.maximum(tree.lo[tree.L][nd] - x, x - tree.hi[tree.L][nd])
    np.maximum(gap, 0.0, out=gap)
    gap *= gap
    keep = (gap.sum(axis=1) <= bound2[c]) & ~(
        (cmin[tree.L][nd] == c) & (cmax[tree.L][nd] == c))
    qp = qp[keep]
    c = c[keep]
    nd = nd[keep]
    x = x[keep]
    LX = tree.LX[nd]
    D = LX[:, 0, :] - x[:, 0, None]
    D *= D
    for k in range(1, tree.d):
        t = LX[:, k, :] - x[:, k, None]
        t *= t
        D += t
    slots = tree.slot[nd]
    D[(comp[slots] == c[:, None]) | ~tree.slot_valid[nd]] = np.inf
    j = D.argmin(axis=1)
    ar = np.arange(D.shape[0])
    dmin = D[ar, j]
    q = slots[ar, j]
    ok = (dmin <= bound2[c]) & (dmin < np.inf)
    return c[ok], dmin[ok], qp[ok], q[ok]


def _group_leaves_flat(tree, glo, ghi, gc, bound2, cmin, cmax):
    """Leaves each query group must look at, in one pass (small trees).

    The same tests as the descent of :func:`_group_search` at the leaf
    level, on ``(groups, leaves)`` tables one coordinate at a time.  Returns
    ``(g, nd)``: the kept (group, leaf) pairs, by group then leaf.
    """
    L = tree.L
    G = gc.size
    nl = 1 << L
    lb2 = np.zeros((G, nl))
    ub2 = np.zeros((G, nl))
    for k in range(tree.d):
        lo = tree.lo[L][:, k][None, :]
        hi = tree.hi[L][:, k][None, :]
        gl = glo[:, k][:, None]
        gh = ghi[:, k][:, None]
        gap = np.maximum(lo - gh, gl - hi)
        np.maximum(gap, 0.0, out=gap)
        gap *= gap
        lb2 += gap
        # farthest corner: bounds the distance from any point of the group
        # to any point of the leaf
        u = np.maximum(np.abs(gh - lo), np.abs(hi - gl))
        u *= u
        ub2 += u
    c = gc[:, None]
    keep = (lb2 <= bound2[gc][:, None]) & (
        (cmin[L][None, :] != c) | (cmax[L][None, :] != c))
    # every kept leaf holds a point of another component
    scatter_min(bound2, gc, np.where(keep, ub2, np.inf).min(axis=1))
    keep &= lb2 <= bound2[gc][:, None]
    return keep.nonzero()


def _group_search(tree, comp, queries, bound2, cmin, cmax):
    """Exact search with the queries grouped by (leaf, component).

    A group descends the tree as a unit (the box of its points against the
    node boxes).  A node is dropped when it is farther than the component's
    bound or lies entirely inside the group's own component; every node that
    is kept holds a point of another component, so its farthest corner
    tightens the bound.  At the leaves the points are compared one by one.
    """
    n = tree.n
    qc = comp[queries]
    key = tree.leaf_of[queries].astype(np.int64) * n + qc
    if np.count_nonzero(key[1:] < key[:-1]):
        o = key.argsort(kind="stable")
        queries = queries[o]
        qc = qc[o]
        key = key[o]
    gstart = np.concatenate(([True], key[1:] != key[:-1])).nonzero()[0]
    gsize = np.empty(gstart.size, dtype=np.intp)
    gsize[:-1] = gstart[1:] - gstart[:-1]
    gsize[-1] = queries.size - gstart[-1]
    Xq = tree.X[queries]
    glo = np.minimum.reduceat(Xq, gstart, axis=0)
    ghi = np.maximum.reduceat(Xq, gstart, axis=0)
    gc = qc[gstart]
    # every group starts against all nodes of one level: the leaves when
    # that makes few pairs (one pass instead of a call-bound descent)
    G = gstart.size
    if tree.L <= tuning.FLAT_LEVELS and (G << tree.L) <= tuning.FLAT_PAIRS:
        g, nd = _group_leaves_flat(tree, glo, ghi, gc, bound2, cmin, cmax)
        top = tree.L + 1  # no descent
    else:
        top = min(tree.L, tuning.PAIRS_TOP_LEVEL)
        g = np.arange(G).repeat(1 << top)
        nd = np.tile(np.arange(1 << top), G)
    for lev in range(top, tree.L + 1):
        lo = tree.lo[lev][nd]
        hi = tree.hi[lev][nd]
        gl = glo[g]
        gh = ghi[g]
        c = gc[g]
        gap = np.maximum(lo - gh, gl - hi)
        np.maximum(gap, 0.0, out=gap)
        gap *= gap
        lb2 = gap.sum(axis=1)
        keep = (lb2 <= bound2[c]) & ((cmin[lev][nd] != c) |
                                     (cmax[lev][nd] != c))
        g = g[keep]
        nd = nd[keep]
        c = c[keep]
        lb2 = lb2[keep]
        # farthest corner of a kept node: a point of another component is
        # at most that far from every point of the group
        u = np.maximum(np.abs(gh[keep] - lo[keep]),
                       np.abs(hi[keep] - gl[keep]))
        u *= u
        scatter_min(bound2, c, u.sum(axis=1))
        keep = lb2 <= bound2[c]
        g = g[keep]
        nd = nd[keep]
        if lev < tree.L:
            g = g.repeat(2)
            nd = (2 * nd).repeat(2)
            nd[1::2] += 1
    cnt = gsize[g]
    nd = nd.repeat(cnt)
    qi = np.arange(nd.size) + (gstart[g] - cnt.cumsum() + cnt).repeat(cnt)
    return _leaf_compare(tree, comp, queries[qi], nd, bound2, cmin, cmax)


def _dual_search(tree, comp, queries, bound2, cmin, cmax):
    """Exact search by a dual traversal (query subtrees against nodes).

    The query side is made of the largest subtrees whose queries all belong
    to one component; each starts against the root and the pair is refined
    (the reference node first, down to the query node's level, then both in
    turn).  A pair is dropped when the reference node lies entirely inside
    the query's component or is farther than the component's bound; every
    kept pair tightens the bound with its farthest-corner distance.  So the
    interior of a big component is discarded a whole subtree at a time.
    Queries in leaves shared by several components go through
    :func:`_group_search`.
    """
    L = tree.L
    nl = tree.lsize.size
    qc = comp[queries]
    ql = tree.leaf_of[queries]
    qs = np.concatenate(([True], ql[1:] != ql[:-1])).nonzero()[0]
    lw = ql[qs]
    big = np.iinfo(np.intp).max
    qmin = [None] * (L + 1)
    qmax = [None] * (L + 1)
    qmin[L] = np.full(nl, big, dtype=np.intp)
    qmax[L] = np.full(nl, -1, dtype=np.intp)
    qmin[L][lw] = np.minimum.reduceat(qc, qs)
    qmax[L][lw] = np.maximum.reduceat(qc, qs)
    qstart = np.zeros(nl, dtype=np.intp)
    qstart[lw] = qs
    qcount = np.zeros(nl, dtype=np.intp)
    qcount[lw] = np.diff(np.append(qs, queries.size))
    qfirst = [None] * (L + 1)
    qfirst[L] = np.full(nl, queries.size - 1, dtype=np.intp)
    qfirst[L][lw] = qs
    for lev in range(L - 1, -1, -1):
        qmin[lev] = np.minimum(qmin[lev + 1][0::2], qmin[lev + 1][1::2])
        qmax[lev] = np.maximum(qmax[lev + 1][0::2], qmax[lev + 1][1::2])
        qfirst[lev] = np.minimum(qfirst[lev + 1][0::2], qfirst[lev + 1][1::2])
    # a query point of every node, and a point of every node, for exact
    # upper bounds
    qrepH = queries[np.concatenate(qfirst)]
    X = tree.X
    # largest query-pure subtrees, as heap ids (node i of level l: 2^l-1+i)
    roots = []
    parent_pure = np.zeros(1, dtype=bool)
    for lev in range(L + 1):
        pure = (qmin[lev] == qmax[lev])
        top = pure & ~parent_pure
        roots.append(top.nonzero()[0] + ((1 << lev) - 1))
        parent_pure = (pure | parent_pure).repeat(2)
    Q = np.concatenate(roots)
    mixed_leaf = (qmax[L] >= 0) & (qmin[L] != qmax[L])
    qminH = np.concatenate(qmin)
    qmaxH = np.concatenate(qmax)
    cminH = np.concatenate(cmin)
    cmaxH = np.concatenate(cmax)
    loH, hiH, levH, startH = tree.heap()
    first_leaf = (1 << L) - 1
    R = np.zeros(Q.size, dtype=np.intp)
    done_q = []
    done_r = []
    while Q.size:
        c = qminH[Q]
        qlo = loH[Q]
        qhi = hiH[Q]
        rlo = loH[R]
        rhi = hiH[R]
        gap = np.maximum(rlo - qhi, qlo - rhi)
        np.maximum(gap, 0.0, out=gap)
        gap *= gap
        lb2 = gap.sum(axis=1)
        keep = (lb2 <= bound2[c]) & ((cminH[R] != c) | (cmaxH[R] != c))
        c = c[keep]
        lb2 = lb2[keep]
        u = np.maximum(np.abs(qhi[keep] - rlo[keep]),
                       np.abs(rhi[keep] - qlo[keep]))
        u *= u
        ub2 = u.sum(axis=1)
        Q = Q[keep]
        R = R[keep]
        # exact distance between a query point of Q and a point of R that
        # belongs to another component
        rp = startH[R]
        fo = comp[rp] != c
        if np.count_nonzero(fo):
            t = X[qrepH[Q[fo]]] - X[rp[fo]]
            t *= t
            ub2[fo] = np.minimum(ub2[fo], t.sum(axis=1))
        scatter_min(bound2, c, ub2)
        keep = lb2 <= bound2[c]
        Q = Q[keep]
        R = R[keep]
        qleaf = Q >= first_leaf
        rleaf = R >= first_leaf
        fin = qleaf & rleaf
        if np.count_nonzero(fin):
            done_q.append(Q[fin] - first_leaf)
            done_r.append(R[fin] - first_leaf)
        split_r = ~rleaf & ((levH[R] <= levH[Q]) | qleaf)
        split_q = ~fin & ~split_r
        Qr = Q[split_r].repeat(2)
        Rr = (2 * R[split_r] + 1).repeat(2)
        Rr[1::2] += 1
        Qq = (2 * Q[split_q] + 1).repeat(2)
        Qq[1::2] += 1
        Rq = R[split_q].repeat(2)
        has = qmaxH[Qq] >= 0
        Q = np.concatenate([Qr, Qq[has]])
        R = np.concatenate([Rr, Rq[has]])
    res = []
    if done_q:
        Qd = np.concatenate(done_q)
        Rd = np.concatenate(done_r)
        cnt = qcount[Qd]
        nd = Rd.repeat(cnt)
        qi = np.arange(nd.size) + np.repeat(qstart[Qd] - np.cumsum(cnt) + cnt,
                                            cnt)
        res.append(_leaf_compare(tree, comp, queries[qi], nd, bound2, cmin,
                                 cmax))
    if np.count_nonzero(mixed_leaf):
        sel = mixed_leaf[ql]
        res.append(_group_search(tree, comp, queries[sel], bound2, cmin, cmax))
    if not res:
        e = np.zeros(0, dtype=np.intp)
        return e, np.zeros(0), e, e
    return tuple(np.concatenate([r[i] for r in res]) for i in range(4))


def exact_search(tree, comp, queries, bound2):
    """Lightest edge from the query points to other components.

    For every component ``c`` of the queries, finds the edge ``(p, q)``,
    ``p`` a query of ``c`` and ``q`` any point of another component, that is
    smallest by ``(d2, min(p, q), max(p, q))`` among those with
    ``d2 <= bound2[c]``.  ``bound2`` is tightened in place.  Small problems
    are solved by brute force, others by a branch-and-bound descent of the
    k-d tree (:func:`_group_search`, or :func:`_dual_search` for many
    queries).

    Returns
    -------
    comps, d2, lo, hi : ndarrays
        One entry per component for which such an edge exists.
    """
    n = tree.n
    if queries.size * n <= tuning.BRUTE_MAX:
        return _brute_search(tree.X, comp, queries, bound2)
    cmin, cmax = _node_comp_ranges(tree, comp)
    if queries.size < tuning.DUAL_MIN_QUERIES:
        res = [_group_search(tree, comp, queries, bound2, cmin, cmax)]
    else:
        res = []
        qc = comp[queries]
        unbounded = np.isinf(bound2[qc])
        if np.count_nonzero(unbounded):
            # a finite bound first for components without one: the nearest
            # foreign point of one query of each such component
            cu, first = np.unique(qc[unbounded], return_index=True)
            rep = np.sort(queries[unbounded][first])
            res.append(_group_search(tree, comp, rep, bound2, cmin, cmax))
        res.append(_dual_search(tree, comp, queries, bound2, cmin, cmax))
    c = np.concatenate([r[0] for r in res])
    d2 = np.concatenate([r[1] for r in res])
    p = np.concatenate([r[2] for r in res])
    q = np.concatenate([r[3] for r in res])
    return _best_per_component(n, c, d2, p, q)
