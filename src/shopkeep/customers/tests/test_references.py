"""Customer and order numbers carry a check character that catches typing mistakes (P-05)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopkeep.references import (
    ALPHABET,
    check_character,
    reference_is_valid,
    reference_new,
    reference_normalise,
)

payloads = st.text(alphabet=ALPHABET, min_size=1, max_size=12)


def _with_check(payload: str) -> str:
    return payload + check_character(payload)


@pytest.mark.promise("P-05")
def test_new_reference_has_prefix_six_characters_and_a_valid_check_character():
    # when
    reference = reference_new(prefix="C", length=6)

    # then
    assert re.fullmatch(r"C-[0-9A-HJKMNP-TV-Z]{7}", reference)
    assert reference_is_valid(reference, prefix="C") is True


@pytest.mark.promise("P-05")
@given(payload=payloads, data=st.data())
def test_check_character_catches_every_single_character_change(payload, data):
    # given
    body = _with_check(payload)
    position = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    replacement = data.draw(st.sampled_from(ALPHABET).filter(lambda char: char != body[position]))

    # when
    typo = body[:position] + replacement + body[position + 1:]

    # then
    assert reference_is_valid(f"C-{typo}", prefix="C") is False


@pytest.mark.promise("P-05")
@given(payload=payloads, data=st.data())
def test_check_character_catches_every_swap_of_two_adjacent_characters(payload, data):
    # given
    body = _with_check(payload)
    position = data.draw(st.integers(min_value=0, max_value=len(body) - 2))
    if body[position] == body[position + 1]:
        return

    # when
    swapped = body[:position] + body[position + 1] + body[position] + body[position + 2:]

    # then
    assert reference_is_valid(f"C-{swapped}", prefix="C") is False


@pytest.mark.promise("P-05")
def test_check_character_catches_every_adjacent_swap_of_every_pair_of_characters():
    # given every ordered pair of distinct characters, in the middle of a payload and next to the check character
    for first in ALPHABET:
        for second in ALPHABET:
            if first == second:
                continue
            for body in (_with_check(f"7{first}{second}K"), _with_check(f"7K{first}{second}")):
                # when
                swapped = body.replace(f"{first}{second}", f"{second}{first}", 1)

                # then
                assert reference_is_valid(f"C-{swapped}", prefix="C") is False, (first, second)


@pytest.mark.promise("P-05")
def test_swap_of_last_character_and_check_character_is_caught():
    # given
    for payload in (f"ABC{char}" for char in ALPHABET):
        body = _with_check(payload)
        if body[-1] == body[-2]:
            continue

        # when
        swapped = body[:-2] + body[-1] + body[-2]

        # then
        assert reference_is_valid(f"C-{swapped}", prefix="C") is False, body


@given(payload=payloads)
def test_reference_with_its_check_character_is_valid(payload):
    # when / then
    assert reference_is_valid(f"SK-{_with_check(payload)}", prefix="SK") is True


@pytest.mark.parametrize(
    "value",
    ["", "C", "C-", "C-7", "SK-7F3K9QX", "c-7F3K9QX", "C-7F3K9Q!", "C-7F3K9QU", "C7F3K9QX", "C--7F3K9QX"],
)
def test_malformed_references_are_invalid(value):
    # given a reference that is valid under prefix C
    assert reference_is_valid(f"C-7F3K9Q{check_character('7F3K9Q')}", prefix="C") is True

    # when / then
    assert reference_is_valid(value, prefix="C") is False


def test_normalise_upper_cases_strips_spaces_and_maps_look_alike_letters():
    # when / then
    assert reference_normalise(" c-7f3k 9qo ") == "C-7F3K9Q0"
    assert reference_normalise("sk-il0") == "SK-110"


@given(payload=st.text(alphabet=ALPHABET, min_size=1, max_size=12))
def test_normalised_lower_case_reference_is_still_valid(payload):
    # given
    reference = f"C-{_with_check(payload)}"

    # when
    typed = reference.lower()

    # then
    assert reference_is_valid(reference_normalise(typed), prefix="C") is True
