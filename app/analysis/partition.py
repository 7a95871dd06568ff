"""Clusters worth naming: a cut of the single-linkage tree that ignores tiny branches.

Single linkage chains: on real order data the top merges of the tree mostly split off one odd
order at a time, so "the k clusters at the top" are one giant cluster and k − 1 single orders.
The owner needs groups of orders, not a list of oddities. So, walking the merges from the top,
a merge splits its cluster in two only when both sides hold at least `min_size` orders; a
smaller side is set aside as outliers (label 0, listed apart: they are exactly the orders
worth a second look). The clusters are still those of the same exact single-linkage tree —
each is a whole branch of it minus the small twigs cut off it.
"""
import numpy as np


def significant_clusters(Z, k, min_size):
    """Flat labels with up to k clusters of at least `min_size` orders, and outliers as 0.

    Parameters
    ----------
    Z : ndarray, shape (n − 1, 4)
        Linkage matrix (SciPy's layout), merges in order of height.
    k : int
        Clusters wanted; fewer come back when the tree has no more big enough branches.
    min_size : int
        Smallest cluster worth naming (1 gives the plain cut into k clusters).

    Returns
    -------
    labels : ndarray of int, shape (n,)
        1..k' numbered by size (1 = largest, ties by smallest member), 0 = outlier.
    split_heights : ndarray, shape (k' − 1,)
        Heights of the merges that separate the clusters (for the dendrogram's cut line).
    """
    Z = np.asarray(Z)
    n = Z.shape[0] + 1
    k, min_size = int(k), max(1, int(min_size))
    size = np.ones(2 * n - 1, dtype=np.int64)
    size[n:] = Z[:, 3].astype(np.int64)
    big = size >= min_size
    # does a node's branch still hold a split into two big parts somewhere below?
    split_below = np.zeros(2 * n - 1, dtype=bool)
    for r in range(n - 1):
        a, b = int(Z[r, 0]), int(Z[r, 1])
        split_below[n + r] = (big[a] and big[b]) or split_below[a] or split_below[b]
    # role of each node: -1 undecided (inherits), 0 outlier branch, c > 0 root of cluster c
    role = np.full(2 * n - 1, -1, dtype=np.int64)
    clusters = {2 * n - 2}  # current cluster roots
    open_ = {2 * n - 2} if split_below[2 * n - 2] else set()  # clusters that may still split
    splits = []
    for r in range(n - 2, -1, -1):
        if len(clusters) >= k or not open_:
            break
        node = n + r
        if node not in open_:
            continue
        a, b = int(Z[r, 0]), int(Z[r, 1])
        clusters.discard(node)
        open_.discard(node)
        if big[a] and big[b]:
            splits.append(float(Z[r, 2]))
            kept = (a, b)
        else:
            # a twig falls off on the way down to a split: its orders are outliers
            keep, twig = (a, b) if big[a] else (b, a)
            role[twig] = 0
            kept = (keep,)
        for child in kept:
            clusters.add(child)
            if child >= n and split_below[child]:
                open_.add(child)
    # number the clusters, then hand each node its role from the top down
    labels_of_root = {}
    for root in clusters:
        role[root] = 1 + len(labels_of_root)
        labels_of_root[root] = role[root]
    for r in range(n - 2, -1, -1):
        node = n + r
        if role[node] < 0:
            continue
        for child in (int(Z[r, 0]), int(Z[r, 1])):
            if role[child] < 0:
                role[child] = role[node]
    labels = role[:n].copy()
    labels[labels < 0] = 0
    # renumber by size (1 = largest), ties by smallest member
    present = [c for c in np.unique(labels) if c > 0]
    counts = {c: int((labels == c).sum()) for c in present}
    first = {c: int(np.argmax(labels == c)) for c in present}
    order = sorted(present, key=lambda c: (-counts[c], first[c]))
    mapping = np.zeros(max(present) + 1 if present else 1, dtype=np.int64)
    for new, old in enumerate(order, start=1):
        mapping[old] = new
    out = np.where(labels > 0, mapping[np.maximum(labels, 0)], 0)
    return out, np.array(sorted(splits))
