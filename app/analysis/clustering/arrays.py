"""Small array helpers shared by the tree, the MST search and the dendrogram."""
import numpy as np


def starts_of(sizes):
    """First index of every run, for consecutive runs of the given sizes."""
    s = np.zeros(sizes.size, dtype=np.intp)
    if sizes.size > 1:
        sizes[:-1].cumsum(out=s[1:])
    return s


def scatter_min(target, idx, vals):
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


def scatter_first(target, idx, vals):
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
