"""The keyboard-only paths from Ctrl+N to a saved order, one job of each product type.

Shared by benchmarks/bench_time_to_quote.py (typed with xdotool, real X key events) and
tests/ui/test_time_to_quote.py (typed with Tk key events at the focused widget).

An input is one typed value (the characters of one field, however many) or one special key or
chord (Tab, Shift+Tab, Enter, space on a tick box, Ctrl+N, Ctrl+1…4, Ctrl+F, Ctrl+Enter). The
Enter or Tab that leaves a field is an input of its own. The job's name is left as the
product type's default (it is not priced; typing one costs one input more).
"""
from collections import namedtuple

# kind "key": an X keysym chord as xdotool writes it; kind "type": a value typed as it is
Step = namedtuple("Step", "kind text")
Job = namedtuple("Job", "name product_type quantity goal steps spec")


def key(chord):
    return Step("key", chord)


def typed(text):
    return Step("type", text)


def jobs(customer):
    """The jobs, each for the existing customer typed by its exact name (Ctrl+F puts the cursor
    in the quote's customer box; Ctrl+Enter takes that name and saves the order)."""
    who = [key("ctrl+f"), typed(customer)]
    save = [key("ctrl+Return")]
    return [
        Job("business cards (the defaults)", "printing", 1000, 6,
            [key("ctrl+n")] + who + save, {}),
        Job("500 A5 flyers 4+0, coated 130 g", "printing", 500, 12,
            [key("ctrl+n"), key("Return"), typed("500"), key("Return"), typed("A5"),
             key("Return"),  # past the width and height the format filled in
             typed("4+0"), key("Return"), typed("130")] + who + save,
            {"width_mm": 148, "height_mm": 210, "colours": "4+0", "paper": "coated-130-"}),
        Job("200 blank forms A4 1+0, numbered", "blank", 200, 12,
            [key("ctrl+n"), key("ctrl+2"), key("Return"), typed("200")] + who +
            # the tick box is the job's last field but one: back from the customer box
            [key("shift+Tab"), key("shift+Tab"), key("space")] + save,
            {"width_mm": 210, "height_mm": 297, "colours": "1+0", "numbering": True}),
        Job("10 journals of 100 sheets, laced and sealed", "journal", 10, 12,
            [key("ctrl+n"), key("ctrl+3"), key("Return"), typed("10")] + who + save,
            {"sheets_per_journal": 100, "lacing_sealing": True}),
        Job("3,000 satin labels 30x60, two colours", "label", 3000, 12,
            [key("ctrl+n"), key("ctrl+4"), key("Return"), typed("3000"), key("Return"),
             key("Return"), key("Return"), typed("2")] + who + save,
            {"label_length_mm": 60, "ribbon": "satin-30", "label_colours": 2}),
    ]


def matches(spec, job):
    """The fields of the saved spec that differ from the job's (a paper is named by its code's
    start: the first coated 130 g paper of the list, whatever its sheet)."""
    wrong = []
    for name, value in job.spec.items():
        got = getattr(spec, name)
        ok = got.startswith(value) if name == "paper" else got == value
        if not ok:
            wrong.append((name, got, value))
    return wrong


def inputs(job):
    return len(job.steps)


# xdotool's key names -> Tk's event sequences (for event_generate)
_TK_MODIFIERS = {"ctrl": "Control", "shift": "Shift", "alt": "Alt"}


def tk_sequence(chord):
    """"ctrl+Return" -> "<Control-Return>", "ctrl+2" -> "<Control-Key-2>"."""
    *mods, name = chord.split("+")
    parts = [_TK_MODIFIERS[m] for m in mods]
    if len(name) == 1 and not name.isalpha():
        parts.append("Key")
    parts.append(name)
    return "<{}>".format("-".join(parts))
