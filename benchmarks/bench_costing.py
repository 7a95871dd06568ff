"""Estimates per second: the quote screen recomputes one per keystroke.

    .venv/bin/python benchmarks/bench_costing.py
"""
import time

import _common  # noqa: F401  (puts the project on sys.path)

from app import costing
from app.domain.default_catalog import default_catalog
from app.domain.job import JobSpec

SPECS = {
    "printing, press named": dict(product_type="printing", quantity=1000, width_mm=90, height_mm=50,
                                  colours="4+4", paper="coated-300-sra3", press="digital", bleed_mm=2),
    "printing, automatic press": dict(product_type="printing", quantity=5000, width_mm=210,
                                      height_mm=297, colours="4+0", paper="coated-130-sra3",
                                      bleed_mm=2),
    "blank": dict(product_type="blank", quantity=2000, width_mm=210, height_mm=297, colours="1+0",
                  paper="office-80-a4", press="riso", numbering=True, pad_sheets=100),
    "journal": dict(product_type="journal", quantity=20, sheets_per_journal=100, width_mm=210,
                    height_mm=297, colours="1+1", paper="office-80-a4", press="riso", cover="hard",
                    lacing_sealing=True, page_numbering=True),
    "label": dict(product_type="label", quantity=5000, label_length_mm=60, ribbon="satin-30",
                  label_colours=1),
}


def main():
    catalog = default_catalog()
    print("{:<28} {:>14} {:>12}".format("job", "estimates/s", "µs each"))
    for name, data in SPECS.items():
        n = 0
        started = time.perf_counter()
        while time.perf_counter() - started < 1.0:
            for _ in range(100):
                costing.estimate(JobSpec.from_dict(data), catalog)  # parse + estimate, as a keystroke
            n += 100
        elapsed = time.perf_counter() - started
        print("{:<28} {:>14,.0f} {:>12.1f}".format(name, n / elapsed, elapsed / n * 1e6))


if __name__ == "__main__":
    main()
