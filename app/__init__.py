"""iPrint: management system of a full-cycle print shop."""

__version__ = "0.1.0"
