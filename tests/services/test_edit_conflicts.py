"""Two administrators editing the same record (issue 16 item 8): a paper, the settings, the
shop's requisites and a user carry a version like orders and customers; the second, stale
save is a Conflict and the first one's values stay."""
import pytest

from app.domain.errors import Conflict, ValidationError
from app.i18n import error_text
from app.services import auth, catalog, shop
from app.storage import users as users_db

PAPER = "office-80-a3"


def _paper_form(session, code):
    """What the editor's form holds for a paper: its fields and the version read before."""
    version = catalog.item_versions(session)["paper"][code]
    p = catalog.get_catalog(session).papers[code]
    return dict(code=p.code, name=p.name, width_mm=p.width_mm, height_mm=p.height_mm, gsm=p.gsm,
                price=str(p.price), active=p.active), version


def _conflict(fn):
    with pytest.raises(Conflict) as info:
        fn()
    assert info.value.key == "error.conflict.edited"
    assert "another administrator" in error_text(info.value)


def test_a_stale_paper_form_does_not_overwrite_the_other_administrators_save(admin, other_admin):
    assert PAPER in catalog.get_catalog(admin).papers
    mine, my_version = _paper_form(admin, PAPER)
    theirs, their_version = _paper_form(other_admin, PAPER)
    catalog.save_item(other_admin, "paper", dict(theirs, price="99"), version=their_version)
    _conflict(lambda: catalog.save_item(admin, "paper", dict(mine, name="Моя правка"),
                                        version=my_version))
    paper = catalog.get_catalog(admin).papers[PAPER]
    assert paper.price == 99 and paper.name == theirs["name"]
    # read again, the save goes through and counts the version up
    mine, my_version = _paper_form(admin, PAPER)
    assert my_version == their_version + 1
    catalog.save_item(admin, "paper", dict(mine, name="Моя правка"), version=my_version)
    assert catalog.item_versions(admin)["paper"][PAPER] == my_version + 1


def test_a_new_item_may_not_take_a_code_in_use(admin, other_admin):
    theirs, _ = _paper_form(other_admin, PAPER)
    with pytest.raises(ValidationError) as info:
        catalog.save_item(admin, "paper", dict(theirs, name="Другая"), version=0)
    assert (info.value.key, info.value.field) == ("error.catalog.code_taken", "code")
    new = dict(theirs, code="brand-new-paper", name="Новая")
    catalog.save_item(admin, "paper", new, version=0)
    assert catalog.item_versions(admin)["paper"]["brand-new-paper"] == 1
    with pytest.raises(ValidationError):  # the other window's "new" with the same code
        catalog.save_item(other_admin, "paper", dict(new, name="Тоже новая"), version=0)
    assert catalog.get_catalog(admin).papers["brand-new-paper"].name == "Новая"


def test_every_kind_of_item_is_checked(admin, other_admin):
    versions = catalog.item_versions(admin)
    cat = catalog.get_catalog(admin)
    from app.ui.screens.admin_catalog import KINDS, _plain
    records = {"paper": cat.papers, "press": {p.code: p for p in cat.presses},
               "equipment": cat.equipment, "material": cat.materials}
    for kind, items in records.items():
        code = sorted(items)[0]
        data = {f: _plain(getattr(items[code], f)) for f in KINDS[kind]}
        catalog.save_item(other_admin, kind, data, version=versions[kind][code])
        _conflict(lambda k=kind, d=data, v=versions[kind][code]: catalog.save_item(
            admin, k, d, version=v))


def test_a_stale_settings_form_does_not_overwrite(admin, other_admin):
    mine = catalog.settings_version(admin)
    theirs = catalog.settings_version(other_admin)
    catalog.save_settings(other_admin, {"overhead_pct": "31"}, theirs)
    _conflict(lambda: catalog.save_settings(admin, {"markup_printing": "77"}, mine))
    s = catalog.get_settings(admin)
    assert s.overhead_pct == 31 and s.markup_printing != 77
    catalog.save_settings(admin, {"markup_printing": "77"}, catalog.settings_version(admin))
    assert catalog.get_settings(admin).markup_printing == 77


def test_a_stale_requisites_form_does_not_overwrite(admin, other_admin):
    mine = shop.requisites_version(admin)
    shop.save_requisites(other_admin, {"name": "ТОО «Их правка»"},
                         shop.requisites_version(other_admin))
    _conflict(lambda: shop.save_requisites(admin, {"name": "ТОО «Моя правка»"}, mine))
    assert shop.requisites(admin)["name"] == "ТОО «Их правка»"
    assert shop.requisites_version(admin) == mine + 1


def test_a_stale_user_form_does_not_reactivate_a_deactivated_user(admin, other_admin, manager):
    """The probe's case: one administrator deactivated the manager; the other, whose form was
    open since before, saved the name and so re-activated him."""
    stale = [u for u in auth.list_users(admin) if u.username == "manager"][0]
    fresh = [u for u in auth.list_users(other_admin) if u.username == "manager"][0]
    auth.update_user(other_admin, fresh.id, fresh.full_name, "manager", False,
                     version=fresh.version)
    _conflict(lambda: auth.update_user(admin, stale.id, "Менеджер (новое имя)", "manager", True,
                                       version=stale.version))
    now = users_db.get(admin.db, stale.id)
    assert not now.active and now.full_name == fresh.full_name
    assert now.version == fresh.version + 1
    # deactivation by delete counts the version up too: a form open before it is stale
    auth.update_user(admin, now.id, now.full_name, "manager", True, version=now.version)
    again = users_db.get(admin.db, now.id)
    assert auth.delete_user(other_admin, again.id) == "deactivated"
    _conflict(lambda: auth.update_user(admin, again.id, again.full_name, "manager", True,
                                       version=again.version))
    assert not users_db.get(admin.db, again.id).active
