"""Helpers for the benchmarks: timing with medians, and a cached 200,000-order demo database."""
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def median_ms(fn, repeats=7, warmup=1):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(samples), min(samples), max(samples)


def demo_db(path, orders=200000, seed=1):
    """Build the demo database at path unless it is there already; returns the passwords file."""
    from datetime import datetime

    from app.services import demo
    from app.storage.opening import open_database
    if os.path.exists(path):
        return None
    db = open_database(path, create=True)
    try:
        return demo.build(db, orders, seed=seed, today=datetime(2026, 11, 27, 18, 0))
    finally:
        db.close()
