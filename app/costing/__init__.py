"""Costing: pure functions from (job spec, catalog) to an estimate. See costing-model.md."""
from app.costing.engine import actual_direct, estimate, quantity_ladder, reprice

__all__ = ["estimate", "quantity_ladder", "actual_direct", "reprice"]
