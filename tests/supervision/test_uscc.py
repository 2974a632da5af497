"""统一社会信用代码 (GB 32100-2015): format, check character, and the letters python-stdnum refuses."""
import pytest
from stdnum.cn import uscc as stdnum_uscc

from supervision import uscc


def test_accepts_a_published_code():
    assert uscc.validate("91110000600037341L") == "91110000600037341L"


def test_normalises_case_spaces_hyphens_and_full_width():
    assert uscc.validate(" 91110000-600037341l ") == "91110000600037341L"
    assert uscc.validate("９１１１００００６０００３７３４１Ｌ") == "91110000600037341L"


@pytest.mark.parametrize("first17", ["N2310115MA1K3X8A2", "Y1310115MA1K3X8A2", "A1110000600037341"])
def test_accepts_letter_authorities_that_stdnum_refuses(first17):
    code = uscc.with_check_character(first17)
    with pytest.raises(Exception):
        stdnum_uscc.validate(code)  # the library's format check is too strict for these
    assert uscc.validate(code) == code


@pytest.mark.parametrize("code, reason", [
    ("91110000600037341M", "校验位"),
    ("9111000060003734", "18位"),
    ("91110000600037341LL", "18位"),
    ("9111000060003734IL", "字符"),
    ("91A10000600037341L", "字符"),
    ("Z1110000600037341L", "字符"),
    ("99110000600037341L", "组合"),
])
def test_refuses_with_a_reason(code, reason):
    with pytest.raises(uscc.InvalidUSCC) as exc:
        uscc.validate(code)
    assert reason in str(exc.value)
    assert not uscc.is_valid(code)
