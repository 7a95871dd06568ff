"""The balanced k-d tree the MST search walks: median splits, tight boxes."""
import numpy as np

from app.analysis.clustering.arrays import starts_of


class KDTree(object):
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
            starts = starts_of(sizes)
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
        self.lstart = starts_of(sizes)
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
