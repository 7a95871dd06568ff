"""The default catalog of costing-model.md, seeded into every new database."""
import json
from pathlib import Path

from app.domain.catalog import Catalog

DEFAULT_CATALOG_PATH = Path(__file__).resolve().parent.parent / "data" / "default_catalog.json"


def default_catalog_dict() -> dict:
    with open(str(DEFAULT_CATALOG_PATH), encoding="utf-8") as fh:
        return json.load(fh)


def default_catalog() -> Catalog:
    return Catalog.from_dict(default_catalog_dict())
