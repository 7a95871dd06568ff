"""Lists: a table with a scrollbar, translated headings and hints for cut-off text, and the
pager that shows a long list a page at a time."""
import ttkbootstrap as ttk

from app.i18n import t
from app.ui.widgets.formatting import data, tcap
from app.ui.widgets.hints import TreeHints


class ScrolledTree(ttk.Frame):
    """A Treeview with a vertical scrollbar and translated column headings.

    columns: (id, heading key, width, anchor[, sample]). A column is never narrower than its
    heading (a Kazakh one is long) nor than its sample, the widest value it must show whole
    (a BIN's twelve digits): that is its minwidth, and its width at least that; what a narrow
    window still cuts off at the right shows on hover (TreeHints)."""

    def __init__(self, parent, columns, height=15, show_tree=False):
        super().__init__(parent)
        ids = [c[0] for c in columns]
        self.tree = ttk.Treeview(self, columns=ids, show="tree headings" if show_tree else "headings",
                                 height=height, selectmode="browse")
        data(self.tree)
        self.hints = TreeHints(self.tree)
        heading_font, cell_font = self.hints._font(True), self.hints._font(False)
        for cid, key, width, anchor, *sample in columns:
            text = tcap(key)
            least = heading_font.measure(text) + TreeHints.PAD
            if sample:
                least = max(least, cell_font.measure(sample[0]) + TreeHints.PAD)
            self.tree.heading(cid, text=text, anchor=anchor)
            self.tree.column(cid, width=max(width, least), minwidth=least, anchor=anchor,
                             stretch=anchor == "w")
        sb = ttk.Scrollbar(self, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=sb.set)
        self.tree.grid(row=0, column=0, sticky="nsew")
        sb.grid(row=0, column=1, sticky="ns")
        self.rowconfigure(0, weight=1)
        self.columnconfigure(0, weight=1)

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
