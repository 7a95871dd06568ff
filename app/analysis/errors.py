"""The analysis' own error: a domain error like every other, with its key and params."""
from app.domain.errors import ValidationError


class ClusteringError(ValidationError):
    """Bad input to the clustering or to the feature table it is given.

    Parameters
    ----------
    key : str
        Translation key of the message, e.g. ``"error.analysis.nan_values"``.
    detail : str
        Readable English sentence for logs and programmers (also ``str(error)``);
        a person is shown ``t(key, **params)``.
    **params
        Values the message may name (row, column, counts...).

    Attributes
    ----------
    key : str
        Translation key.
    params : dict
        Message parameters.
    detail : str
        The English sentence.

    Notes
    -----
    Keys used: ``error.analysis.bad_shape``, ``error.analysis.not_numeric``,
    ``error.analysis.too_few_orders``, ``error.analysis.nan_values``,
    ``error.analysis.infinite_values``, ``error.analysis.not_positive_for_log``,
    ``error.analysis.bad_column``, ``error.analysis.k_out_of_range``,
    ``error.analysis.bad_linkage``, ``error.analysis.bad_distance``.
    The error names no field: the caller knows which field the data came from
    (the analysis service raises it again for its "selection").
    """

    def __init__(self, key, detail, **params):
        super().__init__(key, None, **params)
        self.detail = detail

    def __str__(self):
        return self.detail
