"""Tuning constants of the clustering, and the heap hint.

None of the constants affects the result, only the speed; the modules read
them as ``tuning.NAME`` at call time, so the tests can force extreme values
to exercise every code path.  Why each value: docs/clustering.md.
"""
import numpy as np

# Points per k-d leaf.  Small leaves keep the local candidate sets tight.
LEAF_SIZE = 8
# Inputs of up to SMALL_N distinct points use bigger leaves: one level less
# in every traversal, which matters more than the denser blocks while
# NumPy's per-call cost dominates.
SMALL_N = 1536
SMALL_LEAF_SIZE = 16
# rho = min(RHO_FACTOR * diagonal of the box of the leaf's parent,
#           RHO_CAP * median distance to the RHO_RANK-th neighbour within
#           the parent).
RHO_FACTOR = 0.4
# The same factor for the big leaves of small inputs, whose parent box holds
# twice as many points and so has a longer diagonal for the same spacing.
SMALL_RHO_FACTOR = 0.25
RHO_CAP = 1.5
RHO_RANK = 4
# Leaves whose candidate leaves hold more than VOLUME_CAP * leaf_size points
# get a smaller radius (dimensions up to 4; in more dimensions a ball meets
# too many leaves for that count to mean anything).
VOLUME_CAP = 48
# Points with more than POINT_CAP candidates within their radius get a
# smaller radius.
POINT_CAP = 8
# Inputs up to this many distinct points use Prim's algorithm directly.
PRIM_MAX_N = 64
# The k-d tree is used up to this dimension; above it Prim's algorithm.
TREE_MAX_DIM = 6
# The search for candidate leaf pairs starts with all node pairs of this level.
PAIRS_TOP_LEVEL = 3
# Trees of up to this many levels skip the descent to the leaf pairs.
FLAT_LEVELS = 7
# ... and searches start at the leaves when that makes at most this many
# (query group, leaf) pairs.
FLAT_PAIRS = 8192
# Number of point pairs evaluated per dense block chunk.
CHUNK_PAIRS = 16384
# Exact searches with at most this many (query, point) pairs are brute force.
BRUTE_MAX = 65536
# A round whose candidate edges are certain for at least this fraction of the
# components adds only those and leaves the others for a later round (one
# exact search then serves many components).
DEFER_FRACTION = 0.5
# Exact searches with at least this many query points use the dual traversal.
DUAL_MIN_QUERIES = 2048
# Dendrogram contraction rounds stop when a round merges fewer edges than this
# (the rest goes through a plain union-find loop).
DENDRO_MIN_ROUND = 48
# Up to this many points the dendrogram is built by one plain union-find loop
# (cheaper than the vectorised rounds until NumPy's per-call cost is spread
# over enough edges).
LINKAGE_LOOP_MAX = 16384

# Freeing one mapped block this big raises glibc's mmap threshold to its size
# and the trim threshold to twice that (see keep_heap).
HEAP_HINT_BYTES = 8 << 20
_heap_kept = False


def keep_heap():
    """Ask glibc's malloc to keep the heap between runs (once per process).

    glibc gives the top of its heap back to the system whenever more than its
    trim threshold (128 KB at first) lies free there, so every run's few
    megabytes of temporaries were mapped and zeroed again on the next call:
    hundreds of page faults, a seventh of a run at 1,000 orders.  One untouched
    block is mapped and unmapped (two system calls, no memory kept); other
    allocators ignore it.  Call it before clustering; later calls do nothing.
    """
    global _heap_kept
    if not _heap_kept:
        np.empty(HEAP_HINT_BYTES, dtype=np.uint8)
        _heap_kept = True
