"""The figures the reliability tests print at the end of the run (README's reliability part)."""

FIGURES = {}


def add(name, n=1):
    FIGURES[name] = FIGURES.get(name, 0) + n


def put(name, value):
    FIGURES[name] = value


def hostile(n=1):
    """Count one more hostile input fed to the app."""
    add("hostile inputs tried", n)
