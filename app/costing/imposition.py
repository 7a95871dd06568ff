"""Imposition (n-up) and sheets: costing-model.md sections 1 and 2."""
import math
from decimal import Decimal

from app.domain.catalog import Paper, Press
from app.domain.estimate import Layout, Sheets


def impose(width_mm, height_mm, bleed_mm, paper: Paper, press: Press) -> Layout:
    """Items per press sheet; n_up 0 means the item does not fit (the caller raises)."""
    if bleed_mm == 0 and sorted((width_mm, height_mm)) == sorted((paper.width_mm, paper.height_mm)):
        # the item is the sheet itself: printed as is, nothing to cut
        return Layout(1, 1, 1, False, True, paper.width_mm, paper.height_mm)
    area_w = paper.width_mm - 2 * press.margin_mm
    area_h = paper.height_mm - 2 * press.margin_mm
    cell_w = width_mm + 2 * bleed_mm
    cell_h = height_mm + 2 * bleed_mm
    if area_w <= 0 or area_h <= 0:
        return Layout(0, 0, 0, False, False, cell_w, cell_h)
    cols, rows = area_w // cell_w, area_h // cell_h
    t_cols, t_rows = area_w // cell_h, area_h // cell_w
    if t_cols * t_rows > cols * rows:  # on a tie the unturned layout stays
        return Layout(t_cols * t_rows, t_cols, t_rows, True, False, cell_h, cell_w)
    return Layout(cols * rows, cols, rows, False, False, cell_w, cell_h)


def count_sheets(items, n_up, press: Press) -> Sheets:
    net = -(-items // n_up)
    run_waste = int(math.ceil(Decimal(net) * press.run_waste_pct / Decimal(100)))
    waste = press.makeready_waste_sheets + run_waste
    return Sheets(net, waste, net + waste)
