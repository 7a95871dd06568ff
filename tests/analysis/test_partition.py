"""Clusters worth naming: big branches of the single-linkage tree, small twigs as outliers."""
import numpy as np
import pytest

from app.analysis import clustering
from app.analysis.partition import significant_clusters


def blobs(seed=1):
    rng = np.random.default_rng(seed)
    return np.vstack([rng.normal(0, 1, (300, 2)), rng.normal(8, 1, (200, 2)),
                      rng.normal((0, 9), 1, (100, 2)), [[30, 30], [40, -20]]])


def test_three_groups_and_two_strays():
    X = blobs()
    labels, splits = significant_clusters(clustering.single_linkage(X), 3, 20)
    assert np.bincount(labels).tolist() == [2, 300, 200, 100]
    assert (labels[600:] == 0).all()  # the two far points are the outliers
    assert (labels[:300] == 1).all() and (labels[300:500] == 2).all() and (labels[500:600] == 3).all()
    assert len(splits) == 2 and splits[0] <= splits[1]


def test_the_plain_cut_asks_the_same_tree_for_k_clusters():
    # the plain cut with k = 3 returns the giant group and the two strays: single linkage chains
    labels = clustering.cut(clustering.single_linkage(blobs()), 3)
    assert sorted(np.bincount(labels)[1:].tolist()) == [1, 1, 600]


@pytest.mark.parametrize("seed", range(5))
def test_min_size_one_is_the_plain_cut(seed):
    X = np.random.default_rng(seed).normal(size=(300, 3))
    Z = clustering.single_linkage(X)
    for k in range(1, 8):
        labels, _ = significant_clusters(Z, k, 1)
        assert np.array_equal(labels, clustering.cut(Z, k))


def test_fewer_clusters_when_the_tree_has_no_more_big_branches():
    X = np.random.default_rng(0).normal(size=(2000, 3))  # one blob: nothing to split
    labels, splits = significant_clusters(clustering.single_linkage(X), 5, 200)
    assert labels.max() == 1 and len(splits) == 0
    assert (labels == 1).sum() >= 2000 - 200 * 5
