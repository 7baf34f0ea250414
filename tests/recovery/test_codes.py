"""The codes themselves: enough entropy, easy to type, hashed by kind."""

import math

from api.recovery.codes import (
    ALPHABET,
    LINK_CODE_SYMBOLS,
    RECOVERY_CODE_SYMBOLS,
    code_hash,
    new_link_code,
    new_recovery_code,
    normalise,
)


def test_the_alphabet_has_32_symbols_and_none_that_look_alike() -> None:
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


def test_a_recovery_code_carries_at_least_60_random_bits_in_groups_of_four() -> None:
    code = new_recovery_code()

    assert RECOVERY_CODE_SYMBOLS * math.log2(len(ALPHABET)) >= 60
    assert [len(group) for group in code.split("-")] == [4, 4, 4, 4]
    assert set(code.replace("-", "")) <= set(ALPHABET)


def test_a_link_code_is_ten_symbols_in_two_groups() -> None:
    code = new_link_code()

    assert LINK_CODE_SYMBOLS == 10
    assert [len(group) for group in code.split("-")] == [5, 5]


def test_codes_do_not_repeat() -> None:
    assert len({new_recovery_code() for _ in range(2000)}) == 2000


def test_case_dashes_spaces_and_look_alike_letters_do_not_matter() -> None:
    assert normalise(" 7k2m-q9xd 4trb-hw3n ") == "7K2MQ9XD4TRBHW3N"
    assert normalise("o1L-I0") == "01110"
    assert code_hash("recovery", "abcd-efgh") == code_hash("recovery", "ABCDEFGH")


def test_a_code_hashes_differently_for_each_kind() -> None:
    assert code_hash("recovery", "ABCDE-FGHJK") != code_hash("link", "ABCDE-FGHJK")
    assert len(code_hash("link", "x")) == 64
