"""The table of order features the clustering sees: its check and its standardisation."""
import math

import numpy as np

from app.analysis.errors import ClusteringError


def as_points(X, what="data"):
    """Validate an (n, d) array of finite numbers with n >= 2.

    Returns
    -------
    A : ndarray of float64, shape (n, d)
        C-contiguous (a copy unless ``X`` already was such an array).

    Raises
    ------
    ClusteringError
        For a bad shape, values that are not numbers, fewer than 2 rows, NaN or
        infinite values (the first bad row and column are named).
    """
    try:
        A = np.asarray(X)
    except Exception:  # ragged nested sequences and the like
        raise ClusteringError(
            "error.analysis.bad_shape", "The %s must be a 2-D table of "
            "numbers (rows x features)." % what) from None
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
                "The %s contains values that are not numbers." % what) from None
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
    A = as_points(X).copy()
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
