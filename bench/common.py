"""Helpers shared by the benchmarks (executed inside `odoo shell`, see bench/run)."""

import time
from contextlib import contextmanager


@contextmanager
def measure(env):
    """Yield a dict that receives the elapsed seconds and the SQL queries of the block."""
    env.flush_all()
    result = {}
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    yield result
    env.flush_all()
    result["seconds"] = time.perf_counter() - start
    result["queries"] = env.cr.sql_log_count - start_queries


def report(name, figures):
    print(f"{name}: " + ", ".join(f"{key}={value}" for key, value in figures.items()), flush=True)
