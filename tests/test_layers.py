"""The layers of docs/architecture.md, read from the source: every import, at module level and
inside functions, resolved to the app module it names.

Rules: no import cycles among app/ modules; sqlite3 only in app/storage, Tk only in app/ui,
python-docx only in app/reports; app/ui never imports app.storage; app/domain imports nothing
of the app outside itself; no module over 800 lines.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
MAX_LINES = 800


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    return {_module_name(p): p for p in sorted(APP.rglob("*.py"))}


MODULES = _modules()


def _imports(name, path):
    """(imported name, line) for every import in the file; relative ones made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                # `from app.services import documents` imports a module; `from x import f` a name
                yield (module + "." + alias.name, node.lineno) if alias.name != "*" else \
                    (module, node.lineno)


def _target(imported):
    """The app module an import executes, or None for outside code."""
    if imported in MODULES:
        return imported
    parent = imported.rpartition(".")[0]
    if parent in MODULES:
        return parent
    return None


def _graph():
    graph = {}
    for name, path in MODULES.items():
        edges = {}
        for imported, line in _imports(name, path):
            target = _target(imported)
            if target and target != name:
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def _cycles(graph):
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_checker_sees_imports_inside_functions_and_relative_ones(tmp_path):
    # the rules below are only as good as the import reader: prove it on a known file
    source = ("import os\nfrom . import sibling\nfrom ..storage import db\n"
              "def f():\n    from app.ui.widgets import calendar\n")
    path = APP / "services" / "made_up.py"
    found = dict(_imports("app.services.made_up", _FakePath(path, source)))
    assert set(found) == {"os", "app.services.sibling", "app.storage.db",
                          "app.ui.widgets.calendar"}
    assert found["app.ui.widgets.calendar"] == 5
    assert _cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == \
        [["a", "b", "c"]]


class _FakePath(type(APP)):
    """A path whose text is given, so the reader can be tested without writing into app/."""

    def __new__(cls, path, text):
        self = super().__new__(cls, path)
        self._text = text
        return self

    def __init__(self, path, text):  # Python 3.12+ passes the arguments to __init__ as well
        pass

    def read_text(self, *args, **kwargs):
        return self._text


def test_no_import_cycles_among_app_modules():
    assert _cycles(_graph()) == []


def _who_imports(prefixes):
    hits = []
    for name, path in MODULES.items():
        for imported, line in _imports(name, path):
            if any(imported == p or imported.startswith(p + ".") for p in prefixes):
                hits.append((name, imported, line))
    return hits


@pytest.mark.parametrize("library, home", [
    (("sqlite3",), "app.storage"),
    (("tkinter", "ttkbootstrap", "_tkinter"), "app.ui"),
    (("docx",), "app.reports"),
])
def test_each_library_lives_in_its_own_layer(library, home):
    outside = [hit for hit in _who_imports(library)
               if not (hit[0] == home or hit[0].startswith(home + "."))]
    assert outside == []


def test_screens_never_reach_the_database():
    hits = [hit for hit in _who_imports(("app.storage",)) if hit[0].startswith("app.ui")]
    assert hits == []


def test_domain_imports_only_the_domain():
    hits = [hit for hit in _who_imports(("app",))
            if hit[0].startswith("app.domain") and not hit[1].startswith("app.domain")]
    assert hits == []


def test_no_module_over_800_lines():
    long = {name: n for name, n in ((name, len(path.read_text(encoding="utf-8").splitlines()))
                                    for name, path in MODULES.items()) if n > MAX_LINES}
    assert long == {}
