"""Lists: a table with a scrollbar, translated headings and hints for cut-off text, and the
pager that shows a long list a page at a time."""
import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.formatting import data, tcap
from app.ui.widgets.hints import TreeHints, option_names


class ScrolledTree(ttk.Frame):
    """A Treeview with a vertical scrollbar and translated column headings.

    columns: (id, heading key, width, anchor[, sample]). A column is never narrower than its
    heading (a Kazakh one is long) nor than its sample, the widest value it must show whole
    (a BIN's twelve digits): that is its minwidth, and its width at least that. The columns
    are fitted to the list's width whenever it changes (fit_columns): Tk keeps widths set
    before the list was shown even when they overflow it. fit=False keeps the drawn widths,
    for a small table in a column as wide as what it holds asks (the quote's presses). What a
    narrow window still cuts off at the right shows on hover (TreeHints)."""

    def __init__(self, parent, columns, height=15, show_tree=False, fit=True):
        super().__init__(parent)
        ids = [c[0] for c in columns]
        self.tree = ttk.Treeview(self, columns=ids, show="tree headings" if show_tree else "headings",
                                 height=height, selectmode="browse")
        data(self.tree)
        self.hints = TreeHints(self.tree)
        heading_font, cell_font = self.hints._font(True), self.hints._font(False)
        self.design = {}  # the width each column is drawn for, its heading's at least
        for cid, key, width, anchor, *sample in columns:
            text = tcap(key)
            least = heading_font.measure(text) + TreeHints.PAD
            if sample:
                least = max(least, cell_font.measure(sample[0]) + TreeHints.PAD)
            self.tree.heading(cid, text=text, anchor=anchor)
            self.design[cid] = max(width, least)
            self.tree.column(cid, width=self.design[cid], minwidth=least, anchor=anchor,
                             stretch=anchor == "w")
        self._fitted = None
        # the tree's own borders: what it asks for beyond its columns (asked before it is
        # shown; Tk does not ask again when the columns change later)
        self._pad = self.tree.winfo_reqwidth() - sum(self.design.values()) - (
            int(self.tree.column("#0", "width")) if show_tree else 0)
        if fit:  # not for a small table in a column that takes what it asks (the quote's)
            self.tree.bind("<Configure>", self.fit_columns, add="+")
            self.tree.bind("<Map>", self.fit_columns, add="+")
        sb = ttk.Scrollbar(self, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=sb.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        sb.grid(row=0, column=1, sticky="ns")
        self.rowconfigure(0, weight=1)
        self.columnconfigure(0, weight=1)

    def fit_columns(self, _event=None):
        """Spread the list's width over its columns: each keeps its drawn width, the ones that
        stretch (text) share what is left over, or give up what is missing down to their
        minwidth (never below their heading); figures keep their width."""
        tree = self.tree
        ids = option_names(tree["displaycolumns"])
        if "#all" in ids:
            ids = list(self.design)
        ids = [c for c in ids if c in self.design]
        if not tree.winfo_ismapped():
            # widths set on a list not shown change what it asks for (Tk asks again), and its
            # parent would give it more at every layout; shown, they do not
            return
        room = tree.winfo_width() - self._pad
        if "tree" in option_names(tree["show"]):  # #0 (a tree's names) keeps its own width
            room -= int(tree.column("#0", "width"))
        if room <= 1 or room == self._fitted:
            return
        self._fitted = room
        widths = {c: self.design[c] for c in ids}
        stretch = [c for c in ids if str(tree.column(c, "stretch")) in ("1", "True", "true")]
        spare = room - sum(widths.values())
        if stretch and spare > 0:  # the text columns share it, as their drawn widths go
            total = sum(widths[c] for c in stretch)
            for c in stretch:
                widths[c] += spare * widths[c] // total
            widths[stretch[-1]] += room - sum(widths.values())
        elif stretch and spare < 0:  # they give up what is missing, down to their least
            give = {c: widths[c] - int(tree.column(c, "minwidth")) for c in stretch}
            can = sum(give.values())
            short = min(-spare, can)
            if can > 0:
                for c in stretch:
                    widths[c] -= short * give[c] // can
        for c in ids:
            tree.column(c, width=max(widths[c], int(tree.column(c, "minwidth"))))

    def clear(self):
        self.tree.delete(*self.tree.get_children())

    def selected(self):
        sel = self.tree.selection()
        return sel[0] if sel else None


class Pager:
    """‹ Back, the page, Next ›: a long list shown `size` rows at a time.

    The screen reads its rows from `offset`, calls shown() after every page, and first()
    when a new search starts over; Back and Next move the offset and call on_page."""

    def __init__(self, parent, size, on_page, page_label=True, gap=8):
        self.size = size
        self.offset = 0
        self.on_page = on_page
        self.next_button = ttk.Button(parent, text=t("ui.orders.next"), command=self.next,
                                      bootstyle="primary-outline")
        self.next_button.pack(side="right")
        self.label = None
        if page_label:
            self.label = data(ttk.Label(parent, text=""))
            self.label.pack(side="right", padx=gap)
        self.prev_button = ttk.Button(parent, text=t("ui.orders.prev"), command=self.prev,
                                      bootstyle="primary-outline")
        self.prev_button.pack(side="right", padx=0 if page_label else gap)

    @property
    def page(self):
        return self.offset // self.size + 1

    def first(self):
        self.offset = 0

    def next(self):
        self.offset += self.size
        self.on_page()

    def prev(self):
        self.offset = max(0, self.offset - self.size)
        self.on_page()

    def shown(self, more, text=None):
        """After a page: `more` says whether a next page exists; text replaces "page N"."""
        if self.label is not None:
            self.label.configure(text=text or t("ui.orders.page_short", page=self.page))
        self.prev_button.configure(state="normal" if self.offset else "disabled")
        self.next_button.configure(state="normal" if more else "disabled")
