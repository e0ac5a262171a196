"""Closing the store while a worker's query runs (quitting mid-load, a browser tab closed):
the query is stopped and the store closes quietly, instead of DuckDB refusing with
"connection is busy" (a traceback on the way out)."""

from __future__ import annotations

import threading

import duckdb

from dashboard import bootstrap
from tests.conftest import SAMPLE_TODAY

ENDLESS = ("SELECT sum(hash(a.summary || b.summary || c.summary || d.summary)) "
           "FROM petitions a, petitions b, petitions c, petitions d")


def test_close_stops_a_running_query_and_closes(sample_store, sample_config):
    figures = bootstrap.open_figures(sample_store[0], sample_config, SAMPLE_TODAY, False, lambda m: None, None)
    started, outcome = threading.Event(), []

    def work() -> None:
        try:
            with figures.cursor() as cur:
                started.set()
                cur.execute(ENDLESS).fetchall()
            outcome.append("finished")
        except duckdb.Error as exc:  # interrupted; or, closed before it began: the store is gone
            outcome.append(type(exc).__name__)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    assert started.wait(30)
    while not figures._open:  # the cursor is registered before the statement starts
        pass
    figures.close()  # no ResourceInUseException
    worker.join(30)
    assert not worker.is_alive()
    assert outcome in (["InterruptException"], ["ConnectionException"]), outcome
    with duckdb.connect(str(sample_store[0]), read_only=True) as con:  # and the file is free again
        assert con.execute("SELECT count(*) FROM petitions").fetchall()[0][0] > 0
