"""The figures of `make bench`: one function per figure, registered with @figure.

A figure is a function that takes the run's Bench (bench/bench.py), measures one thing and
reports it with `bench.show(...)` (a line or a table) and `bench.budget(...)` or
`bench.check(...)` (a PASS/FAIL line). Put a new figure in the module of its area (or a new
module in this folder; every module here is loaded) and give it an `order`:

    100s  in-process renders and SQL queries (page cache off)
    200s  servers: gunicorn alone and behind nginx (throughput, bytes on the wire)
    300s  the browser (Chromium)
    400s  the admin at scale (large tables; these fill the database, so they come last)

`make bench FIGURES=name,name` runs only those (their names are the functions' names).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    order: int
    measure: Callable


REGISTRY: list[Figure] = []


def figure(order: int) -> Callable[[Callable], Callable]:
    def register(measure: Callable) -> Callable:
        REGISTRY.append(Figure(measure.__name__, order, measure))
        return measure

    return register
