"""Exact Euclidean minimum spanning tree in O(n) memory: Boruvka rounds on the
candidate edges, certified by the radii or settled by an exact search
(docs/clustering.md, *EMST*); Prim's algorithm and a sort for the other cases."""
import numpy as np

from app.analysis.clustering import tuning
from app.analysis.clustering.arrays import scatter_first
from app.analysis.clustering.candidates import candidate_edges, leaf_radii2
from app.analysis.clustering.kdtree import KDTree
from app.analysis.clustering.search import exact_search


def _pow2_scale(X):
    """Scale huge data down by a power of two so squares cannot overflow.

    Multiplying by a power of two is exact, so squared distances scale by the
    square of that power exactly and the final lengths are restored exactly.
    Ordinary data (``max |x| < 2**500``) are left alone, so every distance is
    computed with the very same floating-point operations as SciPy's.
    """
    m = float(np.abs(X).max())
    if m < 2.0 ** 500:
        return X, 0
    e = int(np.frexp(m)[1])
    return np.ldexp(X, -e), e


def _dedupe(X):
    """Group exact duplicate rows.

    Returns
    -------
    uniq : ndarray of intp, shape (u,)
        Index of one representative row per group.
    dup, rep : ndarray of intp, shape (n - u,)
        Every other row ``dup[i]`` equals row ``rep[i]`` (a representative).
    """
    n, d = X.shape
    Xc = X + 0.0  # -0.0 -> 0.0 so that equal values have equal bits
    bits = Xc.view(np.uint64)
    h = bits[:, 0] * np.uint64(0x9E3779B97F4A7C15)
    for k in range(1, d):
        h = (h ^ (h >> np.uint64(29))) * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ bits[:, k] * np.uint64(0x94D049BB133111EB)
    o = h.argsort()
    hs = h[o]
    Xo = Xc[o]
    same = hs[1:] == hs[:-1]
    if np.count_nonzero(same):
        same &= (Xo[1:] == Xo[:-1]).all(axis=1)
    if not np.count_nonzero(same):
        return np.arange(n), np.zeros(0, np.intp), np.zeros(0, np.intp)
    is_new = np.ones(n, dtype=bool)
    is_new[1:] = ~same
    run = is_new.cumsum() - 1
    heads = o[is_new]
    uniq = heads
    dup = o[~is_new]
    rep = heads[run[~is_new]]
    # Rows of different groups may share a hash and interleave; such rows are
    # simply kept as distinct points (they get a zero-length MST edge later).
    return uniq, dup, rep


def _mst_1d(x):
    """MST of points on a line: consecutive points after sorting."""
    o = x.argsort(kind="stable")
    g = x[o[1:]] - x[o[:-1]]
    return o[:-1], o[1:], g * g


def _sqdist_to(XT, c, m):
    """Squared distances of the first m columns of XT (d, n) to point c."""
    t = XT[0, :m] - c[0]
    s = t * t
    for k in range(1, XT.shape[0]):
        t = XT[k, :m] - c[k]
        s += t * t
    return s


def _mst_prim(X):
    """Prim's algorithm, one O(n) distance row per step, O(n) memory."""
    n = X.shape[0]
    XT = np.array(X.T, dtype=np.float64, order="C")
    ids = np.arange(n)
    best = np.full(n, np.inf)
    src = np.zeros(n, dtype=np.intp)
    ea = np.empty(n - 1, dtype=np.intp)
    eb = np.empty(n - 1, dtype=np.intp)
    ed = np.empty(n - 1, dtype=np.float64)
    # the current tree vertex is kept in the last active slot
    m = n - 1
    cur = XT[:, 0].copy()
    cur_id = 0
    XT[:, 0] = XT[:, m]
    ids[0] = ids[m]
    for it in range(n - 1):
        d2 = _sqdist_to(XT, cur, m)
        b = best[:m]
        upd = d2 < b
        b[upd] = d2[upd]
        src[:m][upd] = cur_id
        j = int(np.argmin(b))
        ea[it] = src[j]
        eb[it] = ids[j]
        ed[it] = b[j]
        cur = XT[:, j].copy()
        cur_id = ids[j]
        m -= 1
        # move the last active slot into j
        XT[:, j] = XT[:, m]
        ids[j] = ids[m]
        best[j] = best[m]
        src[j] = src[m]
    return ea, eb, ed


def _sort_edges(u, v, d2):
    """Order of the edges by (d2, u, v)."""
    # squared lengths are >= +0.0, so their bit patterns sort like the
    # values, and integer keys sort about twice as fast
    o = d2.view(np.int64).argsort()
    ds = d2[o]
    tie = ds[1:] == ds[:-1]
    if np.count_nonzero(tie):
        run = np.zeros(ds.size, dtype=bool)
        run[1:] = tie
        run[:-1] |= tie
        idx = run.nonzero()[0]
        sub = o[idx]
        o[idx] = sub[np.lexsort((v[sub], u[sub], d2[sub]))]
    return o


def _mst_tree(X):
    """Exact EMST of distinct points (n >= 2, 2 <= d <= tuning.TREE_MAX_DIM).

    Returns ``(a, b, d2)``: MST edges as original row indices and squared
    lengths.
    """
    leaf = (tuning.SMALL_LEAF_SIZE if X.shape[0] <= tuning.SMALL_N
            else tuning.LEAF_SIZE)
    tree = KDTree(X, leaf)
    n = tree.n
    tau2, Dleaf = leaf_radii2(tree)
    eu, ev, ed, tau2 = candidate_edges(tree, tau2, Dleaf)
    rho2 = tau2[tree.leaf_of]
    # an end is "covered" by an edge within its own radius
    covu = ed <= rho2[eu]
    covv = ed <= rho2[ev]
    if tuning.POINT_CAP > 0:
        # points with many candidates inside their own radius get a smaller
        # radius (about POINT_CAP points inside); edges no longer needed by
        # either end are dropped
        cnt = np.bincount(eu[covu], minlength=n)
        cnt += np.bincount(ev[covv], minlength=n)
        over = cnt > tuning.POINT_CAP
        if np.count_nonzero(over):
            rho2 = rho2.copy()
            rho2[over] *= (tuning.POINT_CAP / cnt[over]) ** (2.0 / tree.d)
            covu = ed <= rho2[eu]
            covv = ed <= rho2[ev]
            keep = covu | covv
            eu = eu[keep]
            ev = ev[keep]
            ed = ed[keep]
            covu = covu[keep]
            covv = covv[keep]
    # number of candidate edges to other components within rho, per point
    ncov = np.bincount(eu[covu], minlength=n) + np.bincount(ev[covv],
                                                            minlength=n)
    o = _sort_edges(eu, ev, ed)
    eu = eu[o]
    ev = ev[o]
    ed = ed[o]
    covu = covu[o]
    covv = covv[o]
    comp = np.arange(n)
    roots = np.arange(n)
    bestE = np.zeros(n, dtype=np.intp)
    pos = np.zeros(n, dtype=np.intp)
    half_idx = np.arange(2 * eu.size) >> 1  # 0, 0, 1, 1, 2, 2, ...
    out_a = []
    out_b = []
    out_d = []
    first = True
    while roots.size > 1:
        m = roots.size
        if first:  # singletons: no edge lies inside a component yet
            cu = eu
            cv = ev
            first = False
        else:
            cu = comp[eu]
            cv = comp[ev]
        inner = cu == cv
        if np.count_nonzero(inner):
            # edges inside a component stay inside: drop them for good
            du = eu[inner & covu]
            dv = ev[inner & covv]
            if du.size or dv.size:
                ncov -= np.bincount(np.concatenate([du, dv]), minlength=n)
            keep = ~inner
            eu = eu[keep]
            ev = ev[keep]
            ed = ed[keep]
            covu = covu[keep]
            covv = covv[keep]
            cu = cu[keep]
            cv = cv[keep]
        ne = eu.size
        # lightest candidate edge of every component: edges are sorted, so
        # it is the first edge naming the component at either end
        bestE[roots] = ne
        ends = np.empty(2 * ne, dtype=np.intp)
        ends[0::2] = cu
        ends[1::2] = cv
        scatter_first(bestE, ends, half_idx[:2 * ne])
        be = bestE[roots]
        if ne:
            bec = np.minimum(be, ne - 1)
            w = ed[bec]
            ca = eu[bec]
            cb = ev[bec]
            none = be == ne  # components without a candidate edge
            if np.count_nonzero(none):
                w[none] = np.inf
                ca[none] = -1
                cb[none] = -1
        else:
            w = np.full(m, np.inf)
            ca = np.full(m, -1, dtype=np.intp)
            cb = np.full(m, -1, dtype=np.intp)
        # The candidate of a component is certain unless one of its
        # uncovered points has rho < w: such points are the queries of an
        # exact search.
        wfull = np.empty(n)
        wfull[roots] = w
        viol = (ncov == 0) & (rho2 < wfull[comp])
        bad = np.zeros(n, dtype=bool)
        bad[comp[viol]] = True
        cert = ~bad[roots]
        ncert = int(np.count_nonzero(cert))
        defer = None
        if 0 < ncert < m and ncert >= tuning.DEFER_FRACTION * m:
            # Boruvka may add the edges of any subset of the components:
            # enough of them are certain, so the others wait for a later
            # round, where one exact search serves many of them at once
            defer = ~cert
        elif ncert < m:
            # exact search for the components whose candidate is not certain
            unc = ~cert
            queries = viol.ravel().nonzero()[0]
            # ... except the one with the most queries: it waits for a later
            # round (another component adds its edge in this one, and with
            # two left their lightest edges are the same), so the costliest
            # search is often never made
            pos[roots] = np.arange(m)
            qpos = pos[comp[queries]]
            big = int(np.bincount(qpos, minlength=m).argmax())
            defer = np.zeros(m, dtype=bool)
            defer[big] = unc[big]
            unc[big] = False
            if defer[big]:
                queries = queries[qpos != big]
            bound2 = np.full(n, -1.0)
            bound2[roots[unc]] = w[unc]
            if queries.size:
                fc, fd, fa, fb = exact_search(tree, comp, queries, bound2)
            else:  # only the waiting component was uncertain
                fc = np.zeros(0, dtype=np.intp)
            if fc.size:
                k = pos[fc]
                lo_old = np.minimum(ca[k], cb[k])
                hi_old = np.maximum(ca[k], cb[k])
                wo = w[k]
                better = (fd < wo) | ((fd == wo) & (
                    (ca[k] < 0) | (fa < lo_old) |
                    ((fa == lo_old) & (fb < hi_old))))
                k = k[better]
                w[k] = fd[better]
                ca[k] = fa[better]
                cb[k] = fb[better]
        missing = ca < 0
        if defer is not None:
            missing &= ~defer
        if np.count_nonzero(missing):  # pragma: no cover - never happens
            raise RuntimeError("single_linkage: component without an edge")
        # merge: every component hooks onto the component across its edge
        pos[roots] = np.arange(m)
        ar = np.arange(m)
        if defer is None:
            ra = comp[ca]
            other = np.where(ra == roots, comp[cb], ra)
            succ = pos[other]
            fixed = (succ[succ] == ar) & (roots < other)
        else:
            ra = comp[np.where(defer, 0, ca)]
            other = np.where(ra == roots, comp[np.where(defer, 0, cb)], ra)
            succ = np.where(defer, ar, pos[other])
            fixed = ((succ[succ] == ar) & (roots < other)) | defer
        succ[fixed] = ar[fixed]
        hook = ~fixed
        out_a.append(ca[hook])
        out_b.append(cb[hook])
        out_d.append(w[hook])
        for _ in range(128):
            s2 = succ[succ]
            if not np.count_nonzero(s2 != succ):
                break
            succ = s2
        else:  # pragma: no cover - impossible with the strict edge order
            raise RuntimeError("single_linkage: cycle while merging")
        newroot = roots[succ]
        relabel = np.arange(n)
        relabel[roots] = newroot
        comp = relabel[comp]
        roots = roots[fixed]
    a = np.concatenate(out_a)
    b = np.concatenate(out_b)
    return tree.perm[a], tree.perm[b], np.concatenate(out_d)


def emst(X):
    """Exact Euclidean MST of the rows of X.

    Returns
    -------
    a, b : ndarray of intp, shape (n - 1,)
        Edge end points (row indices).
    w : ndarray of float64, shape (n - 1,)
        Edge lengths.
    """
    n, d = X.shape
    Xs, e = _pow2_scale(X)
    if d == 1:
        a, b, d2 = _mst_1d(Xs[:, 0])
    else:
        uniq, dup, rep = _dedupe(Xs)
        if uniq.size == 1:
            a, b, d2 = dup, rep, np.zeros(dup.size)
        else:
            Xu = Xs[uniq]
            if uniq.size <= tuning.PRIM_MAX_N or d > tuning.TREE_MAX_DIM:
                ua, ub, ud2 = _mst_prim(Xu)
            else:
                ua, ub, ud2 = _mst_tree(Xu)
            a = np.concatenate([uniq[ua], dup])
            b = np.concatenate([uniq[ub], rep])
            d2 = np.concatenate([ud2, np.zeros(dup.size)])
    return a, b, np.ldexp(np.sqrt(d2), e)
