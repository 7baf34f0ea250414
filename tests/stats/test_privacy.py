"""The noise OpenDP adds has the law and scale the answers state.

OpenDP's sampler cannot be seeded, so every bound here is Hoeffding's at δ = 1e-9: an observed
frequency over n independent draws is within sqrt(ln(2/δ) / 2n) of its probability except once
in a billion runs. That makes the tests robust, yet tight enough to tell ε = 0.25 from 0.2 or 0.3.
"""

import math
from collections.abc import Callable

import pytest

from api.stats.privacy import Counter, margin, tail

DRAWS = 200_000
DELTA = 1e-9
SLACK = math.sqrt(math.log(2 / DELTA) / (2 * DRAWS))  # 0.0073


def _frequency(noise: list[int], holds: Callable[[int], bool]) -> float:
    return sum(1 for value in noise if holds(value)) / len(noise)


@pytest.mark.parametrize("epsilon", [0.25, 1.0])
def test_the_noise_is_discrete_laplace_of_scale_one_over_epsilon(epsilon: float) -> None:
    counter = Counter(size=DRAWS, epsilon=epsilon)
    noise = counter.release([])  # every count 0: what comes out is noise
    p = math.exp(-epsilon)

    assert counter.epsilon == pytest.approx(epsilon) and counter.scale == pytest.approx(1 / epsilon)
    assert abs(_frequency(noise, lambda x: x == 0) - (1 - p) / (1 + p)) < SLACK
    assert abs(_frequency(noise, lambda x: x > 0) - p / (1 + p)) < SLACK
    assert abs(_frequency(noise, lambda x: x < 0) - p / (1 + p)) < SLACK
    for m in (1, 3, margin(epsilon), 2 * margin(epsilon)):
        beyond = sum(1 for value in noise if abs(value) > m) / len(noise)
        assert abs(beyond - tail(epsilon, m)) < SLACK


def test_the_stated_margin_holds_for_95_percent_of_counts() -> None:
    epsilon = 0.25
    m = margin(epsilon)

    assert (m, margin(0.5), margin(1.0)) == (12, 6, 3)
    assert tail(epsilon, m) <= 0.05 < tail(epsilon, m - 1)
    beyond = _frequency(Counter(size=DRAWS, epsilon=epsilon).release([]), lambda x: abs(x) > m)
    assert beyond < 0.05 + SLACK


def test_each_record_counts_once_in_its_own_cell() -> None:
    # At ε = 40 the noise is not 0 with probability 2e-18 per count: the counts themselves.
    released = Counter(size=4, epsilon=40.0).release([0, 0, 2, None, 2, 2, None])

    assert released == [2, 0, 3, 0]
