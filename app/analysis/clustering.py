"""Exact single-linkage clustering of order profiles, in pure NumPy.

What this module computes
=========================
:func:`single_linkage` returns the same hierarchy as
``scipy.cluster.hierarchy.linkage(X, 'single')`` (Euclidean metric): an
``(n - 1, 4)`` float64 linkage matrix ``[a, b, height, size]`` in SciPy's
layout, new clusters numbered ``n, n + 1, ...`` in merge order, heights
non-decreasing.  :func:`cut` and :func:`cut_at` turn it into flat labels and
:func:`standardize` prepares the order features (profit %, cost, price).

The product must run on Python 3.8 with NumPy only (no SciPy, no compiled
extensions), must never hold an ``n x n`` (or condensed) distance matrix and
must stay fast at 100 000 orders.  The algorithm below does that.

Algorithm
=========
Single linkage is a minimum spanning tree problem: the merges of single
linkage are exactly the edges of a Euclidean minimum spanning tree (EMST)
taken in increasing length (Kruskal order), and the linkage matrix is built
from the sorted MST edges with a union-find pass.  So the work is

1. **EMST**, exactly, in O(n) memory;
2. **dendrogram** from the sorted MST edges.

EMST: Boruvka rounds on a k-d tree, certified by local neighbourhoods
---------------------------------------------------------------------
*Preparation.*  Huge data (beyond 2**500) are scaled down by a power of two
(exact in floating point, so distances scale exactly), exact duplicate rows
are collapsed (they are joined at height 0), and the distinct points are
ordered by a balanced k-d tree (median splits on the widest side) with leaves
of at most 8 points (16 for small inputs, where every pass saved counts).
Every tree node is a contiguous range of that order and has a tight
bounding box.

*Local candidate edges.*  Every point ``p`` gets a radius ``rho(p)`` of about
its local point spacing: the smaller of 0.4 x the diagonal of the box of its
leaf's parent (0.25 x for the 16-point leaves of small inputs) and 1.5 x the
median distance to the 4th neighbour within that parent (16 points); leaves
whose neighbourhood holds too many points, and points with more than 8
candidates inside their radius, get their radius reduced (a sparse point next
to a dense cluster would otherwise see thousands of candidates).  These radii
are heuristics: they only trade candidate edges against exact searches, never
exactness.  A dual traversal of the tree
(pruning pairs of nodes whose box distance exceeds both radii; small trees
test all leaf pairs at once) lists the leaf pairs that can hold points closer
than the radii, and the point pairs of those leaves are evaluated in dense
blocks (big leaves first drop the points farther from the other leaf's box
than the radii).  The candidate set ``E``
keeps every pair ``(p, q)`` with ``|pq| <= max(rho(p), rho(q))``.  Hence
**every point closer to p than rho(p) is an E-neighbour of p** (completeness).
``E`` has only a handful of edges per point.

*Boruvka rounds.*  Start with singleton components.  In every round each
component ``C`` takes its lightest outgoing edge and all these edges are
added at once (components are merged by pointer jumping).  By the cut
property the lightest edge leaving any vertex set belongs to a minimum
spanning tree, so every added edge is an MST edge; each round at least
halves the number of components (a quarter when some wait), so there are
O(log n) rounds.
The lightest outgoing edge of ``C`` is obtained as follows:

* ``w(C)`` = the lightest E-edge leaving ``C`` (E is sorted once, so this is
  a scatter of edge ranks per round; edges inside a component are dropped for
  good).
* A point ``p`` is *covered* when it still has an E-edge to another component
  with length ``<= rho(p)``.  Then its nearest foreign point is such an
  E-neighbour (by completeness) and is already accounted for in ``w(C)``.
  An uncovered point has no foreign point at distance ``<= rho(p)``.
* **Certificate**: if ``w(C) <= rho(p)`` for every uncovered ``p`` in ``C``,
  no edge outside ``E`` can beat ``w(C)`` and the E-edge is exact.
* Components need not all take part in a round (any subset of lightest
  outgoing edges are MST edges): when most are certified the others wait,
  and a searching round leaves out the component with the most queries.
* Otherwise (typically only for the last few big components) the points of
  ``C`` that could still beat ``w(C)`` (uncovered, ``rho(p) < w(C)``) are
  searched exactly: by brute force in bounded chunks when there are few, else
  by a vectorised branch-and-bound descent of the k-d tree, level by level.
  A node is skipped when it lies entirely inside the query's own component
  (per-round min/max component label of every node) or when its box is
  farther than the component's current bound; the bound shrinks with every
  node that holds a point of another component (its farthest corner, or the
  exact distance of a sample pair).  Queries are grouped by leaf and
  component, and for many queries the query side descends the tree too
  (dual traversal), so the inside of a big component is discarded a subtree
  at a time.  The search returns the exact lightest outgoing edge.

So every round adds exactly the lightest outgoing edge of every component:
the result is an exact EMST, with no approximation anywhere.  Distances are
compared as exact float64 squared distances; box bounds are computed from the
same coordinates with monotone rounding, so pruning never drops a pair it
should keep (``<=`` everywhere, so ties survive).

*Ties.*  With equal distances several MSTs exist.  Boruvka needs a strict
order to avoid cycles, so edges are compared by ``(length, smaller end,
larger end)``; with that order all components agree and only mutual choices
(two components picking the same edge) occur, which pointer jumping
resolves.  *Any* MST gives the same single-linkage merge heights and the same
flat clusters at every threshold (the clusters at height ``t`` are the
connected components of the graph of all pairs with distance ``<= t``, which
does not depend on the tree), so ties never change results beyond the order of
equal-height merges.

*Other cases.*  One-dimensional data are sorted (the MST is the chain of
neighbours).  Very small inputs and dimensions above ``_TREE_MAX_DIM`` use
Prim's algorithm with one O(n) distance row per step (O(n^2) time, O(n)
memory).

Dendrogram from the MST
-----------------------
MST edges are sorted by length (rank ``r`` becomes cluster ``n + r``).  Up to
``_LINKAGE_LOOP_MAX`` points a plain union-find loop builds the matrix (it is
cheaper than array operations there).  Above, the tree is contracted in
rounds: an edge that is lighter than every other
remaining edge at both of its ends is merged immediately (its two ends are
exactly the two clusters it joins), and a run of edges to leaves that are the
lightest edges at their centre is merged in one go (a caterpillar).  Each
contraction is a handful of array operations.  When a round contracts only a
few edges (long chains), the remaining edges go through a plain union-find
loop.

Complexity and memory
---------------------
Building the tree is O(n log n); the candidate edges are O(n) for data of
bounded local density ratios; each Boruvka round is linear in the remaining
edges; the exact searches touch only the points that can still improve a
component.  Memory is O(n): the tree, the candidate edges (a few per point)
and per-point arrays; blocks of point pairs are processed in bounded chunks.
No ``n x n`` or condensed matrix is ever built.  See ``docs/clustering.md`` for
measured figures.

Flat clusters and ties at the cut height
----------------------------------------
:func:`cut_at` keeps together every merge with height ``<= distance`` (SciPy's
``fcluster(Z, t, 'distance')``).  :func:`cut` follows SciPy's
``fcluster(Z, k, 'maxclust')`` exactly: it uses the *smallest merge height*
``t`` whose cut gives at most ``k`` clusters.  The partition is therefore a
function of the heights only, identical for SciPy's matrix and ours even
when equal heights are ordered differently.  When several merges share the
height at which the cut falls, fewer than ``k`` clusters come back (the
alternative -- splitting a tie arbitrarily -- would depend on merge order).
Labels are ``1..m`` numbered by cluster size, largest first, ties broken by
the smallest member index.

Reproducibility
---------------
The same input gives bit-for-bit the same output wherever the arrays lie in
memory: no step depends on NumPy's alignment-sensitive pairwise sums or
vectorised transcendental functions (:func:`standardize` sums in a fixed
order and takes logs on an aligned copy), so equal-height merges always come
out in the same order.
"""

import array
import math

import numpy as np

__all__ = [
    "ClusteringError",
    "single_linkage",
    "cut",
    "cut_at",
    "standardize",
]

# Tuning constants.  None of them affects the result, only the speed (the
# tests force extreme values to exercise every code path).
#
# Points per k-d leaf.  Small leaves keep the local candidate sets tight.
_LEAF_SIZE = 8
# Inputs of up to _SMALL_N distinct points use bigger leaves: one level less
# in every traversal, which matters more than the denser blocks while
# NumPy's per-call cost dominates.
_SMALL_N = 1536
_SMALL_LEAF_SIZE = 16
# rho = min(_RHO_FACTOR * diagonal of the box of the leaf's parent,
#           _RHO_CAP * median distance to the _RHO_RANK-th neighbour within
#           the parent).
_RHO_FACTOR = 0.4
# The same factor for the big leaves of small inputs, whose parent box holds
# twice as many points and so has a longer diagonal for the same spacing.
_SMALL_RHO_FACTOR = 0.25
_RHO_CAP = 1.5
_RHO_RANK = 4
# Leaves whose candidate leaves hold more than _VOLUME_CAP * leaf_size points
# get a smaller radius (dimensions up to 4; in more dimensions a ball meets
# too many leaves for that count to mean anything).
_VOLUME_CAP = 48
# Points with more than _POINT_CAP candidates within their radius get a
# smaller radius.
_POINT_CAP = 8
# Inputs up to this many distinct points use Prim's algorithm directly.
_PRIM_MAX_N = 64
# The k-d tree is used up to this dimension; above it Prim's algorithm.
_TREE_MAX_DIM = 6
# The search for candidate leaf pairs starts with all node pairs of this level.
_PAIRS_TOP_LEVEL = 3
# Trees of up to this many levels skip the descent to the leaf pairs.
_FLAT_LEVELS = 7
# ... and searches start at the leaves when that makes at most this many
# (query group, leaf) pairs.
_FLAT_PAIRS = 8192
# Number of point pairs evaluated per dense block chunk.
_CHUNK_PAIRS = 16384
# Exact searches with at most this many (query, point) pairs are brute force.
_BRUTE_MAX = 65536
# A round whose candidate edges are certain for at least this fraction of the
# components adds only those and leaves the others for a later round (one
# exact search then serves many components).
_DEFER_FRACTION = 0.5
# Exact searches with at least this many query points use the dual traversal.
_DUAL_MIN_QUERIES = 2048
# Dendrogram contraction rounds stop when a round merges fewer edges than this
# (the rest goes through a plain union-find loop).
_DENDRO_MIN_ROUND = 48
# Up to this many points the dendrogram is built by one plain union-find loop
# (cheaper than the vectorised rounds until NumPy's per-call cost is spread
# over enough edges).
_LINKAGE_LOOP_MAX = 16384
_INT64_MAX = np.iinfo(np.int64).max

# Keep the heap between runs.  glibc's malloc gives the top of its heap back
# to the system whenever more than its trim threshold (128 KB at first) lies
# free there, so a run whose temporaries grow the heap by a few megabytes
# (1,000 orders) has those pages mapped and zeroed again on every call:
# hundreds of page faults, a seventh of the run.  Freeing one block bigger
# than the (dynamic) mmap threshold raises that threshold to the block's size
# and the trim threshold to twice that.  This block is mapped and unmapped
# untouched: two system calls, no memory kept.  Other allocators ignore it.
_HEAP_HINT_BYTES = 8 << 20
np.empty(_HEAP_HINT_BYTES, dtype=np.uint8)


class ClusteringError(ValueError):
    """Domain error raised by the clustering functions.

    Parameters
    ----------
    key : str
        Translation key of the message, e.g. ``"error.analysis.nan_values"``.
    message : str
        Readable English message (also ``str(error)``).
    **params
        Values referenced by the message (row, column, counts...), available
        as the ``params`` dict for translated messages.

    Attributes
    ----------
    key : str
        Translation key.
    params : dict
        Message parameters.

    Notes
    -----
    Keys used: ``error.analysis.bad_shape``, ``error.analysis.not_numeric``,
    ``error.analysis.too_few_orders``, ``error.analysis.nan_values``,
    ``error.analysis.infinite_values``, ``error.analysis.not_positive_for_log``,
    ``error.analysis.bad_column``, ``error.analysis.k_out_of_range``,
    ``error.analysis.bad_linkage``, ``error.analysis.bad_distance``.
    """

    def __init__(self, key, message, **params):
        super(ClusteringError, self).__init__(message)
        self.key = key
        self.message = message
        self.params = dict(params)

    def __str__(self):
        return self.message


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------

def _as_points(X, what="data"):
    """Validate an (n, d) array of finite numbers with n >= 2."""
    try:
        A = np.asarray(X)
    except Exception:  # ragged nested sequences and the like
        raise ClusteringError(
            "error.analysis.bad_shape",
            "The %s must be a 2-D table of numbers (rows x features)." % what)
    if A.ndim != 2 or A.shape[1] < 1:
        raise ClusteringError(
            "error.analysis.bad_shape",
            "The %s must be a 2-D table of numbers (rows x features); got an "
            "array of shape %s." % (what, A.shape),
            shape=tuple(int(s) for s in A.shape))
    if A.dtype.kind not in "biuf":
        try:
            A = A.astype(np.float64)
        except (TypeError, ValueError):
            raise ClusteringError(
                "error.analysis.not_numeric",
                "The %s contains values that are not numbers." % what)
    A = np.ascontiguousarray(A, dtype=np.float64)
    n = A.shape[0]
    if n < 2:
        raise ClusteringError(
            "error.analysis.too_few_orders",
            "At least 2 orders are needed for clustering; got %d." % n,
            count=int(n), minimum=2)
    bad = ~np.isfinite(A)
    if np.count_nonzero(bad):
        rows, cols = np.nonzero(bad)
        row, col = int(rows[0]), int(cols[0])
        if np.isnan(A[row, col]):
            nan_rows = np.unique(np.nonzero(np.isnan(A))[0])
            raise ClusteringError(
                "error.analysis.nan_values",
                "The %s has missing (NaN) values in %d row(s); the first is "
                "row %d, column %d." % (what, nan_rows.size, row, col),
                rows=int(nan_rows.size), row=row, column=col)
        inf_rows = np.unique(np.nonzero(np.isinf(A))[0])
        raise ClusteringError(
            "error.analysis.infinite_values",
            "The %s has infinite values in %d row(s); the first is row %d, "
            "column %d." % (what, inf_rows.size, row, col),
            rows=int(inf_rows.size), row=row, column=col)
    return A


def _as_linkage(Z):
    """Validate a linkage matrix: shape (n - 1, 4), finite, n >= 2."""
    try:
        Z = np.asarray(Z, dtype=np.float64)
    except (TypeError, ValueError):
        raise ClusteringError(
            "error.analysis.bad_linkage",
            "The linkage matrix must be a numeric (n - 1) x 4 array.")
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


# ---------------------------------------------------------------------------
# small array helpers
# ---------------------------------------------------------------------------

def _starts(sizes):
    s = np.zeros(sizes.size, dtype=np.intp)
    if sizes.size > 1:
        sizes[:-1].cumsum(out=s[1:])
    return s


def _scatter_min(target, idx, vals):
    """``target[i] = min(target[i], vals[j])`` for all ``idx[j] == i``.

    Exact for repeated indices.  Fast path: plain fancy assignments on the
    entries that improve, repeated a few times (each pass leaves only
    entries that still beat the written value), then ``np.minimum.at`` for
    whatever is left.
    """
    if idx.size == 0:
        return
    m = vals < target[idx]
    idx = idx[m]
    vals = vals[m]
    for _ in range(3):
        if idx.size == 0:
            return
        target[idx] = vals
        m = vals < target[idx]
        idx = idx[m]
        vals = vals[m]
    if idx.size:
        np.minimum.at(target, idx, vals)


def _scatter_first(target, idx, vals):
    """``target[i] = min(vals[j] for idx[j] == i)`` when ``vals`` ascends.

    ``target`` entries not in ``idx`` are left alone; entries in ``idx`` are
    overwritten (no need to reset them).  Assigning in reverse order makes
    the first (smallest) value win; the result is verified and repaired with
    ``np.minimum.at`` should the assignment order ever differ.
    """
    if idx.size == 0:
        return
    target[idx[::-1]] = vals[::-1]
    bad = target[idx] > vals
    if np.count_nonzero(bad):
        np.minimum.at(target, idx[bad], vals[bad])


# ---------------------------------------------------------------------------
# preparation: exact scaling and duplicates
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# MST: trivial cases
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# MST: k-d tree
# ---------------------------------------------------------------------------

class _KDTree(object):
    """Balanced k-d tree stored as an implicit complete binary tree.

    Node ``i`` of level ``l`` (root: level 0) has children ``2i`` and ``2i+1``
    on level ``l + 1`` and covers a contiguous range of the permuted points.
    Leaves are level ``L`` and hold at most ``leaf_size`` points.

    Attributes
    ----------
    perm : ndarray of intp, shape (n,)
        Original index of each point in tree order.
    X : ndarray, shape (n, d)
        Points in tree order.
    L : int
        Leaf level.
    lo, hi : list of ndarray, shapes (2**l, d)
        Bounding boxes per level.
    lstart, lsize : ndarray of intp, shape (2**L,)
        Point ranges of the leaves.
    LX : ndarray, shape (2**L, d, B)
        Leaf coordinates padded with NaN (B = max leaf size).
    LXT : ndarray, shape (d, B, 2**L)
        The same, with the leaf axis last (for blocks of leaf pairs).
    slot, slot_valid : ndarray, shape (2**L, B)
        Point index of every leaf slot (padding points at the leaf's first
        point) and whether the slot is a real point.
    leaf_of : ndarray of intp, shape (n,)
        Leaf of each point.

    Notes
    -----
    Level ``l`` is built from level ``l - 1`` by splitting every node at the
    median of its widest coordinate (``np.argpartition`` on a padded
    ``(nodes, points)`` array, one call per level); node sizes on a level
    differ by at most one, so the tree is complete and needs no pointers.
    """

    def __init__(self, X, leaf_size):
        n, d = X.shape
        L = 0
        while ((n - 1) >> L) + 1 > leaf_size:
            L += 1
        perm = np.arange(n)
        Xp = X
        sizes = np.array([n], dtype=np.intp)
        ar = np.arange(n)
        lo = [None] * (L + 1)
        hi = [None] * (L + 1)
        for lev in range(L):
            m = sizes.size
            starts = _starts(sizes)
            # the boxes of this level are final: later levels only reorder
            # points inside each node
            lo[lev] = np.minimum.reduceat(Xp, starts, axis=0)
            hi[lev] = np.maximum.reduceat(Xp, starts, axis=0)
            dim = (hi[lev] - lo[lev]).argmax(axis=1)
            smin = int(sizes.min())
            smax = int(sizes.max())
            half = (sizes + 1) // 2
            kth = sorted(set([(smax + 1) // 2 - 1, (smin + 1) // 2 - 1,
                              smin - 1]))
            if smin == smax:
                keys = Xp.reshape(m, smax, d)[np.arange(m), :, dim]
                part = np.argpartition(keys, kth, axis=1)
                part += (np.arange(m) * smax)[:, None]
                sel = part.ravel()
            else:
                seg = np.arange(m).repeat(sizes)
                keys = np.full((m, smax), np.inf)
                keys[seg, ar - starts[seg]] = Xp[ar, dim[seg]]
                part = np.argpartition(keys, kth, axis=1)
                valid = part < sizes[:, None]
                sel = (part + starts[:, None])[valid]
            perm = perm[sel]
            Xp = Xp[sel]
            nxt = np.empty(2 * m, dtype=np.intp)
            nxt[0::2] = half
            nxt[1::2] = sizes - half
            sizes = nxt
        self.n = n
        self.d = d
        self.L = L
        self.perm = perm
        self.X = Xp
        self.lsize = sizes
        self.lstart = _starts(sizes)
        lo[L] = np.minimum.reduceat(Xp, self.lstart, axis=0)
        hi[L] = np.maximum.reduceat(Xp, self.lstart, axis=0)
        self.lo = lo
        self.hi = hi
        nl = sizes.size
        B = int(sizes.max())
        self.B = B
        leaf_of = np.arange(nl).repeat(sizes)
        col = ar - self.lstart[leaf_of]
        # NaN padding: it propagates silently (inf - inf would raise
        # floating-point warnings) and fails every `<=` test
        LX = np.full((nl, d, B), np.nan)
        for k in range(d):
            LX[leaf_of, k, col] = Xp[:, k]
        self.LX = LX
        self._heap = None
        # the same, one (B, leaves) table per coordinate
        self.LXT = np.ascontiguousarray(LX.transpose(1, 2, 0))
        self.leaf_of = leaf_of
        # index of every padded slot (pads point at the leaf's first point)
        slot = self.lstart[:, None] + np.arange(B)[None, :]
        self.slot_valid = np.arange(B)[None, :] < sizes[:, None]
        self.slot = np.where(self.slot_valid, slot, self.lstart[:, None])

    def heap(self):
        """Boxes, levels and first points of all nodes in heap order.

        Node ``i`` of level ``l`` is ``2**l - 1 + i``; children of ``g`` are
        ``2g + 1`` and ``2g + 2``.  Built on first use (only the dual
        traversal needs them).
        """
        if self._heap is None:
            L = self.L
            self._heap = (
                np.concatenate(self.lo), np.concatenate(self.hi),
                np.repeat(np.arange(L + 1), 1 << np.arange(L + 1)),
                np.concatenate([self.lstart[::1 << (L - lev)]
                                for lev in range(L + 1)]))
        return self._heap


def _leaf_radii2(tree):
    """Squared radius rho^2 of every leaf (see module docstring).

    Returns ``(tau2, Dleaf)``: the radii, and, when they were measured within
    the leaves themselves, the ``(leaves, B, B)`` table of squared distances
    inside every leaf (padding: +inf) for :func:`_candidate_edges` to reuse.
    """
    L = tree.L
    nl = tree.lsize.size
    B = tree.B
    d = tree.d
    pl = L - 1 if L >= 1 else 0
    ext = tree.hi[pl] - tree.lo[pl]
    in_leaf = not (L >= 1 and B <= 8)
    f = _SMALL_RHO_FACTOR if in_leaf else _RHO_FACTOR
    diag2 = (ext * ext).sum(axis=1) * (f * f)
    out = diag2.repeat(2) if L >= 1 else diag2
    if _RHO_CAP > 0:
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
        j = min(_RHO_RANK, D.shape[2] - 1)
        rj = np.partition(D, j, axis=2)[:, :, j].reshape(nl, B)
        rj[~tree.slot_valid] = np.inf
        rj.sort(axis=1)
        med = rj[np.arange(nl), (tree.lsize - 1) // 2]
        med[~np.isfinite(med)] = np.inf
        out = np.minimum(out, med * (_RHO_CAP * _RHO_CAP))
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
    top = min(L, _PAIRS_TOP_LEVEL)
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


def _candidate_edges(tree, tau2, Dleaf=None):
    """All pairs with squared distance <= max(tau2 of their two leaves).

    ``Dleaf``, if given, holds the distances inside every leaf (from
    :func:`_leaf_radii2`): those pairs are not computed again.

    Returns ``(u, v, d2, tau2)`` with ``u < v`` in tree order.
    """
    L = tree.L
    if L <= _FLAT_LEVELS:
        A, Bn, lb2 = _leaf_pairs_flat(tree, tau2)
    else:
        A, Bn, lb2 = _leaf_pairs_descent(tree, tau2)
    if _VOLUME_CAP > 0 and tree.d <= 4:
        # Shrink the radius of leaves whose candidate leaves hold too many
        # points (a sparse leaf next to a dense cluster): the radius only
        # trades candidate edges against exact searches.
        nl = tau2.size
        cap = _VOLUME_CAP * tree.B
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
    chunk = max(1, _CHUNK_PAIRS // (B * B))
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
    chunk = max(1, _CHUNK_PAIRS // B)
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
            np.arange(tot) + (_starts(nb)[pa] - _starts(cnt))[e]]
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
    _scatter_min(best, c, d2)
    ok = d2 == best[c]
    c = c[ok]
    d2 = d2[ok]
    lo = np.minimum(p[ok], q[ok])
    hi = np.maximum(p[ok], q[ok])
    key = lo * n + hi
    bk = np.full(n, _INT64_MAX, dtype=np.int64)
    _scatter_min(bk, c, key)
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
    rows = max(32, _CHUNK_PAIRS // n)
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
    _scatter_min(bound2, gc, np.where(keep, ub2, np.inf).min(axis=1))
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
    if tree.L <= _FLAT_LEVELS and (G << tree.L) <= _FLAT_PAIRS:
        g, nd = _group_leaves_flat(tree, glo, ghi, gc, bound2, cmin, cmax)
        top = tree.L + 1  # no descent
    else:
        top = min(tree.L, _PAIRS_TOP_LEVEL)
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
        _scatter_min(bound2, c, u.sum(axis=1))
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
        _scatter_min(bound2, c, ub2)
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


def _exact_search(tree, comp, queries, bound2):
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
    if queries.size * n <= _BRUTE_MAX:
        return _brute_search(tree.X, comp, queries, bound2)
    cmin, cmax = _node_comp_ranges(tree, comp)
    if queries.size < _DUAL_MIN_QUERIES:
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


def _mst_tree(X):
    """Exact EMST of distinct points (n >= 2, 2 <= d <= _TREE_MAX_DIM).

    Returns ``(a, b, d2)``: MST edges as original row indices and squared
    lengths.
    """
    leaf = _SMALL_LEAF_SIZE if X.shape[0] <= _SMALL_N else _LEAF_SIZE
    tree = _KDTree(X, leaf)
    n = tree.n
    tau2, Dleaf = _leaf_radii2(tree)
    eu, ev, ed, tau2 = _candidate_edges(tree, tau2, Dleaf)
    rho2 = tau2[tree.leaf_of]
    # an end is "covered" by an edge within its own radius
    covu = ed <= rho2[eu]
    covv = ed <= rho2[ev]
    if _POINT_CAP > 0:
        # points with many candidates inside their own radius get a smaller
        # radius (about _POINT_CAP points inside); edges no longer needed by
        # either end are dropped
        cnt = np.bincount(eu[covu], minlength=n)
        cnt += np.bincount(ev[covv], minlength=n)
        over = cnt > _POINT_CAP
        if np.count_nonzero(over):
            rho2 = rho2.copy()
            rho2[over] *= (_POINT_CAP / cnt[over]) ** (2.0 / tree.d)
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
        _scatter_first(bestE, ends, half_idx[:2 * ne])
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
        if 0 < ncert < m and ncert >= _DEFER_FRACTION * m:
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
                fc, fd, fa, fb = _exact_search(tree, comp, queries, bound2)
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


def _emst(X):
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
            if uniq.size <= _PRIM_MAX_N or d > _TREE_MAX_DIM:
                ua, ub, ud2 = _mst_prim(Xu)
            else:
                ua, ub, ud2 = _mst_tree(Xu)
            a = np.concatenate([uniq[ua], dup])
            b = np.concatenate([uniq[ub], rep])
            d2 = np.concatenate([ud2, np.zeros(dup.size)])
    return a, b, np.ldexp(np.sqrt(d2), e)


# ---------------------------------------------------------------------------
# dendrogram from the MST
# ---------------------------------------------------------------------------

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


def _linkage_from_mst(n, a, b, w):
    """SciPy-layout linkage matrix from the n - 1 MST edges (a, b, w)."""
    m = n - 1
    o = w.view(np.int64).argsort(kind="stable")  # w >= +0.0, see above
    if n <= _LINKAGE_LOOP_MAX:
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
    while R.size > _DENDRO_MIN_ROUND:
        leaf_u = deg[su] == 1
        leaf_v = deg[sv] == 1
        # lightest remaining edge at every cluster
        _scatter_first(mn_u, su, R)
        _scatter_first(mn_v, sv, R)
        lo_u = np.minimum(mn_u[su], mn_v[su])
        lo_v = np.minimum(mn_u[sv], mn_v[sv])
        mn_u[su] = m
        mn_v[sv] = m
        inner = ~(leaf_u | leaf_v)
        # lightest edge to a non-leaf at every cluster
        _scatter_first(mn_u, su[inner], R[inner])
        _scatter_first(mn_v, sv[inner], R[inner])
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
        if cnt < _DENDRO_MIN_ROUND:
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


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------

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
    A = _as_points(X)
    n = A.shape[0]
    a, b, w = _emst(A)
    return _linkage_from_mst(n, a, b, w)


def _labels_by_size(root):
    """Relabel cluster roots 1..m by size (desc), ties by smallest member."""
    uniq, first, inv, counts = np.unique(root, return_index=True,
                                         return_inverse=True,
                                         return_counts=True)
    order = np.lexsort((first, -counts))
    rank = np.empty(uniq.size, dtype=np.intp)
    rank[order] = np.arange(1, uniq.size + 1)
    return rank[inv.ravel()]


def _cut_rows(Z, rows):
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
    Z = _as_linkage(Z)
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
    return _cut_rows(Z, Z[:, 2] <= t)


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
    Z = _as_linkage(Z)
    try:
        t = float(distance)
    except (TypeError, ValueError):
        t = float("nan")
    if not np.isfinite(t):
        raise ClusteringError(
            "error.analysis.bad_distance",
            "The cut distance must be a finite number; got %r." % (distance,),
            distance=distance)
    return _cut_rows(Z, Z[:, 2] <= t)


def standardize(X, log_columns=()):
    """Z-scores per column, optionally after a natural log.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Order features (e.g. profit %, cost, price); ``n >= 2``, finite.
    log_columns : sequence of int, optional
        Columns replaced by their natural logarithm before standardizing
        (costs and prices span several orders of magnitude).  Their values
        must be ``> 0``.  Negative indices count from the end.

    Returns
    -------
    Y : ndarray of float64, shape (n, d)
        ``(x - mean) / std`` per column with the population standard
        deviation; a constant column becomes zeros.

    Raises
    ------
    ClusteringError
        For a bad shape, fewer than 2 rows, NaN or infinite values, a log
        column index out of range, or a value ``<= 0`` in a log column.
    """
    A = _as_points(X).copy()
    n, d = A.shape
    cols = []
    for c in log_columns:
        try:
            ok = not isinstance(c, (bool, np.bool_)) and int(c) == c
        except (TypeError, ValueError, OverflowError):
            ok = False
        if not ok or not -d <= int(c) < d:
            raise ClusteringError(
                "error.analysis.bad_column",
                "Column %r does not exist (the data have %d columns)."
                % (c, d), column=c, columns=d)
        cols.append(int(c) % d)
    for c in sorted(set(cols)):
        col = A[:, c]
        bad = np.nonzero(col <= 0)[0]
        if bad.size:
            r = int(bad[0])
            raise ClusteringError(
                "error.analysis.not_positive_for_log",
                "Column %d must be positive to take its logarithm; row %d has "
                "%r (%d such rows)." % (c, r, float(col[r]), bad.size),
                column=c, row=r, value=float(col[r]), rows=int(bad.size))
        A[:, c] = _log(col)
    Y = np.zeros_like(A)
    span = A.max(axis=0) - A.min(axis=0)
    for c in range(d):
        if span[c] > 0:
            col = np.ascontiguousarray(A[:, c])
            mean = _stable_sum(col) / n
            dev = col - mean
            std = np.sqrt(_stable_sum(dev * dev) / n)
            Y[:, c] = dev / std
    return Y


def _log(v):
    """Natural log of a 1-D array, bit-for-bit the same on every call.

    NumPy's vectorised log may treat a few elements differently depending on
    how the data sit in memory (a strided column goes through internal
    buffers whose alignment varies), so the same column could give values
    differing in the last bit from one call to the next.  Here it always runs
    on a contiguous copy aligned to 64 bytes.
    """
    n = v.size
    buf = np.empty(n * 8 + 64, dtype=np.uint8)
    off = (-buf.ctypes.data) % 64
    a = buf[off:off + n * 8].view(np.float64)
    a[...] = v
    np.log(a, out=a)
    return a


def _stable_sum(v):
    """Sum of a 1-D float64 array that does not depend on memory alignment.

    ``ndarray.sum`` may group the additions differently depending on where
    the data happen to lie in memory, so the same column could standardize
    to values differing in the last bit from one call to the next (and the
    clustering of equal distances could then come out in another order).
    Here the additions are done in a fixed order: blocks of 1024 summed
    lane-wise, then the 1024 partial sums exactly.
    """
    k = 1024
    pad = (-v.size) % k
    if pad:
        v = np.concatenate([v, np.zeros(pad)])
    return math.fsum(v.reshape(-1, k).sum(axis=0).tolist())
