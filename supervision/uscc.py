"""统一社会信用代码 (GB 32100-2015).

python-stdnum computes the check character, but its format check requires the first eight
characters to be digits, refusing valid codes of registering authorities A, N, Y (and their
type letters). So the format is checked here and only the check character is taken from it.
"""
from __future__ import annotations

import re

from stdnum.cn import uscc as _stdnum

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Registering authority (position 1) and the entity types it may register (position 2).
AUTHORITY_TYPES = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "12345679",  # 司法行政
    "4": "1239",  # 文化
    "5": "12349",  # 民政
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 市场监管 (工商)
    "A": "19",  # 中央军委改革和编制办公室
    "N": "12349",  # 农业
    "Y": "1",  # 其他
}
_FORMAT = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


class InvalidUSCC(ValueError):
    pass


def normalize(code: str) -> str:
    """Upper-case, without spaces or hyphens, full-width characters folded to ASCII."""
    folded = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in code or "")
    return re.sub(r"[\s\-\u3000]", "", folded).upper()


def validate(code: str) -> str:
    """Return the normalised code or raise InvalidUSCC with a reason in Chinese."""
    number = normalize(code)
    if len(number) != 18:
        raise InvalidUSCC(f"统一社会信用代码应为18位，实为{len(number)}位")
    if not _FORMAT.match(number):
        raise InvalidUSCC("统一社会信用代码含有不允许的字符（不得含 I、O、Z、S、V），或第3—8位不是行政区划代码")
    authority, kind = number[0], number[1]
    if authority not in AUTHORITY_TYPES or kind not in AUTHORITY_TYPES[authority]:
        raise InvalidUSCC(f"登记管理部门代码“{authority}”与机构类别代码“{kind}”不是有效组合")
    if _stdnum.calc_check_digit(number[:17]) != number[17]:
        raise InvalidUSCC("统一社会信用代码校验位不正确")
    return number


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except InvalidUSCC:
        return False
    return True


def with_check_character(first17: str) -> str:
    return first17 + _stdnum.calc_check_digit(first17)
