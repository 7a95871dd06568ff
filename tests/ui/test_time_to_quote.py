"""Time to quote (issue 17): each job of benchmarks/quote_keys.py typed from Ctrl+N to a saved
order with key events alone, in the inputs its goal allows (the benchmark times the same keys).

Real windows under Xvfb; keys go to the widget with the focus, as the keyboard sends them."""
import pytest

from app.i18n import t
from app.services import customers
from benchmarks import quote_keys
from tests.ui.conftest import login_manager, pump

KEYSYMS = {" ": "space", "+": "plus", "-": "minus", ".": "period", ",": "comma"}
CUSTOMER = "Nurly Print"


def send(app, step):
    """One input to the widget with the focus: a chord, or a value typed key by key."""
    w = app.root.focus_get()
    assert w is not None, "nothing has the focus"
    if step.kind == "key":
        w.event_generate(quote_keys.tk_sequence(step.text))
    else:
        for ch in step.text:
            ks = KEYSYMS.get(ch, ch)
            w.event_generate("<KeyPress>", keysym=ks, when="tail")
            w.event_generate("<KeyRelease>", keysym=ks, when="tail")
    pump(app)


@pytest.fixture
def counter(make_app, db_path):
    app = login_manager(make_app(db_path, "ru"))
    session = app.ctx.session
    customers.save(session, {"name": CUSTOMER, "bin": "123456789013"})
    customers.save(session, {"name": "Nurly Zhol"})  # another match for the typed name
    app.root.focus_force()
    pump(app)
    return app


@pytest.mark.parametrize("n", range(len(quote_keys.jobs(CUSTOMER))))
def test_each_job_is_an_order_from_the_keyboard_within_its_goal(counter, n):
    app = counter
    job = quote_keys.jobs(CUSTOMER)[n]
    # the business cards of the defaults in 6 at most, every other job in 12
    assert quote_keys.inputs(job) <= job.goal == (6 if n == 0 else 12)
    for step in job.steps:
        send(app, step)
    pump(app, 5)
    screen = app.current_screen()
    order = getattr(screen, "order", None)
    assert order is not None and type(screen).__name__ == "OrderScreen", \
        [getattr(s, "save_message", None) and s.save_message.note.cget("text")
         for s in app.screens.values()]
    assert app.notebook.tab(screen.page, "text") == t("ui.order.tab", number=order.number)
    assert (order.status, order.product_type, order.quantity, order.customer_name) == \
        ("approved", job.product_type, job.quantity, CUSTOMER)
    assert quote_keys.matches(order.estimate.spec, job) == []


def test_typing_into_a_list_chooses_the_value_and_enter_passes_the_filled_size(counter):
    """The pieces the paths need: a read-only list takes typed keys (start of the value, or of
    a word); Enter after a named format goes past the width and height (Tab still stops);
    Ctrl+1…4 choose the product type, Ctrl+F the customer box."""
    app = counter
    send(app, quote_keys.key("ctrl+n"))
    q = app.current_screen()
    f = q.job.fields
    f["format"].widget.focus_force()
    pump(app)
    send(app, quote_keys.typed("A5"))
    assert (f["format"].get(), f["width_mm"].get(), f["height_mm"].get()) == ("A5", "148", "210")
    send(app, quote_keys.key("Return"))
    assert app.root.focus_get() is f["colours"].widget
    send(app, quote_keys.typed("4+0"))
    assert f["colours"].get() == "4+0"
    send(app, quote_keys.key("Return"))
    send(app, quote_keys.typed("130"))  # a word of the paper's name
    assert q.spec.paper.startswith("coated-130-") and q.spec.colours == "4+0"
    f["format"].widget.focus_force()
    pump(app)
    send(app, quote_keys.key("Tab"))  # Tab walks every field
    assert app.root.focus_get() is f["width_mm"].widget
    send(app, quote_keys.key("ctrl+4"))
    assert q.ptype.get() == "label" and app.root.focus_get() is f["name"].widget
    send(app, quote_keys.key("ctrl+f"))
    assert app.root.focus_get() is q.picker.combo
