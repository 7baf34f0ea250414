"""The one differentially private mechanism behind statistics, through OpenDP.

A query's data is one record per person: the index of the one cell they fall in (or none). The
released vector counts records per cell of a fixed list (`make_count_by_categories`) and adds
discrete Laplace noise (`make_laplace` on integers). Adding or removing one person changes one
record, so one count by one: the L1 sensitivity is 1, and noise of scale 1/ε gives ε-differential
privacy. OpenDP computes the ε it guarantees (`map(1)`); that is what the budget is charged.

Imports nothing else from `api`: it only turns records into noisy counts.
"""

import math
from functools import cache

import opendp.prelude as dp

# make_count_by_categories and the integer Laplace are in OpenDP's "contrib": vetted by its
# maintainers' proofs but not yet by an outside audit (docs/statistics.md says so).
dp.enable_features("contrib")

# A person is one record: adding or removing one changes the input by 1 (symmetric distance).
PERSON = 1


class Counter:
    """Noisy counts per cell 0..size-1 at scale 1/ε, built before any data is read, so the ε
    OpenDP guarantees for it (`epsilon`) can be paid for first."""

    def __init__(self, *, size: int, epsilon: float) -> None:
        self.scale = 1.0 / epsilon
        self._measurement = dp.t.make_count_by_categories(
            dp.vector_domain(dp.atom_domain(T=str)),
            dp.symmetric_distance(),
            categories=[str(index) for index in range(size)],
            null_category=False,  # a record in no cell is left out, not counted elsewhere
        ) >> dp.m.then_laplace(scale=self.scale)
        self.epsilon = float(self._measurement.map(PERSON))

    def release(self, cells: list[int | None]) -> list[int]:
        """Noisy counts (not yet raised to 0) of `cells`: each person's cell index, or None."""
        noisy = self._measurement([str(cell) for cell in cells if cell is not None])
        return [int(count) for count in noisy]


@cache
def margin(epsilon: float, confidence: float = 0.95) -> int:
    """The smallest m with P(|noise| ≤ m) ≥ confidence, for discrete Laplace of scale 1/ε.

    Its law: P(X = k) = (1 - p) / (1 + p) · p^|k| with p = e^(-ε), so
    P(|X| > m) = 2 p^(m + 1) / (1 + p).
    """
    p = math.exp(-epsilon)
    m = 0
    while 2 * p ** (m + 1) / (1 + p) > 1 - confidence:
        m += 1
    return m


def tail(epsilon: float, m: int) -> float:
    """P(|noise| > m) for discrete Laplace of scale 1/ε (the law in `margin`)."""
    p = math.exp(-epsilon)
    return 2 * p ** (m + 1) / (1 + p)
