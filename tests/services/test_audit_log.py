"""The audit log's actions have names in every language, and a word of a name finds them."""
import glob
import os
import re

import pytest

from app.domain.errors import PermissionDenied
from app.i18n import LANGUAGES, catalog
from app.services import audit_log, order_documents, orders
from app.services import catalog as catalog_service
from tests.costing.specs import CARDS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRITE = re.compile(r'audit\.write\(\s*[^,]+,\s*[^,]+,\s*"([a-z_.]+)"(?!\s*\+)')


def written_actions():
    """Every literal action an audit.write() call in the app passes."""
    found = set()
    for path in glob.glob(os.path.join(ROOT, "app", "**", "*.py"), recursive=True):
        with open(path, encoding="utf-8") as fh:
            found.update(WRITE.findall(fh.read()))
    return found


def test_every_action_written_is_listed_and_named_in_every_language():
    written = written_actions()
    assert len(written) > 30 and "invoice.issue" in written  # the scan reads the services
    # the catalog editor writes "catalog." + the kind of record it saves
    written |= {"catalog." + kind for kind in catalog_service._SAVERS}
    assert written <= set(audit_log.ACTIONS), written - set(audit_log.ACTIONS)
    for lang in LANGUAGES:
        names = catalog(lang)
        missing = [a for a in audit_log.ACTIONS if "audit.action." + a not in names]
        missing += [e for e in audit_log.ENTITIES if "audit.entity." + e not in names]
        assert not missing, (lang, missing)
        shown = [names["audit.action." + a] for a in audit_log.ACTIONS]
        assert len(set(shown)) == len(shown), lang  # the filter tells them apart


def test_a_word_of_an_action_name_finds_its_entries(admin, manager, customer, tmp_path):
    order = orders.create(manager, CARDS, customer.id)
    order_documents.invoice(manager, order.id, lang="ru", folder=str(tmp_path))
    code_only = audit_log.search(admin, "Счёт")
    assert not [r for r in code_only if r["action"] == "invoice.issue"]
    rows = audit_log.search(admin, "Счёт", named=["invoice.issue"])
    assert rows and {r["action"] for r in rows} == {"invoice.issue"}
    # names outside the list are ignored, and the filter by action still narrows
    assert audit_log.search(admin, "Счёт", named=["no.such"]) == code_only
    assert {r["action"] for r in audit_log.search(admin, "", "customer.create")} == \
        {"customer.create"}
    with pytest.raises(PermissionDenied):
        audit_log.search(manager, "", named=["invoice.issue"])

