"""GB/T 4754-2017 sections and divisions, as the entity search reads a code or a name."""
from __future__ import annotations

from supervision import industries


def test_every_division_belongs_to_exactly_one_section():
    numbers = [n for _name, divisions in industries.SECTIONS.values() for n in divisions]
    assert sorted(numbers) == list(range(1, 98)) and len(numbers) == len(set(numbers)) == 97
    assert sorted(industries.DIVISIONS) == [f"{n:02d}" for n in range(1, 98)]


def test_a_code_is_a_section_a_division_or_a_longer_prefix_and_letter_and_digits_agree():
    assert industries.parse_code("c") == ("C", "")
    assert industries.parse_code(" C13 ") == ("C", "13")
    assert industries.parse_code("6210") == (None, "6210")
    assert industries.parse_code("H621") == ("H", "621")
    for wrong in ("", "H13", "C1", "U", "C13100", "餐饮", "1"):
        assert industries.parse_code(wrong) is None, wrong


def test_names_find_divisions_and_whole_sections():
    assert industries.divisions_named("餐饮") == {"62"}  # the division, not the hotels of its section
    assert industries.divisions_named("住宿和餐饮") == {"61", "62"}  # only a section's name has these words
    assert industries.divisions_named("制造业") == {f"{n}" for n in range(13, 44)}  # a section named whole
    assert industries.divisions_named("运输业") == {"53", "54", "55", "56", "57"}
    assert industries.divisions_named("  ") == set()
    assert industries.label("H6210") == industries.label("6210") == "餐饮业"
    assert industries.label("") == ""
