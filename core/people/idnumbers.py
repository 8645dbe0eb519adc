"""Identity documents: the 18-character resident ID (GB 11643-1999) and the other kinds allowed."""

from __future__ import annotations

import re
from datetime import date

ID_TYPES = ("resident", "hk_macao", "taiwan", "passport", "foreign_permanent", "other")
"""居民身份证, 港澳居民来往内地通行证/居住证, 台湾居民来往大陆通行证/居住证, 护照, 外国人永久居留身份证, 其他."""

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_RESIDENT = re.compile(r"^\d{17}[\dX]$")
_OTHER = {
    "hk_macao": re.compile(r"^[HM]\d{8,10}$|^810000\d{11}[\dX]$|^820000\d{11}[\dX]$"),
    "taiwan": re.compile(r"^\d{8}$|^830000\d{11}[\dX]$"),
    "passport": re.compile(r"^[A-Z0-9]{5,17}$"),
    "foreign_permanent": re.compile(r"^[A-Z]{3}\d{12}$|^9\d{16}[\dX]$"),
    "other": re.compile(r"^[A-Z0-9-]{3,32}$"),
}


def normalize(value: str) -> str:
    """Upper-case, without spaces: the form stored, indexed and compared."""
    return re.sub(r"\s+", "", value).upper()


def check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def birth_date_of(number: str) -> date | None:
    """The birth date encoded in a resident ID (None when it is not a real date)."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def problem(id_type: str, value: str) -> str | None:
    """Why ``value`` is not a valid document of ``id_type`` (None when it is)."""
    if id_type not in ID_TYPES:
        return f"id_type must be one of {', '.join(ID_TYPES)}"
    value = normalize(value)
    if id_type == "resident":
        if not _RESIDENT.match(value):
            return "a resident ID has 17 digits and a check digit or X"
        if check_digit(value[:17]) != value[17]:
            return "the check digit of this resident ID is wrong"
        if birth_date_of(value) is None:
            return "the birth date in this resident ID is not a real date"
        return None
    if not _OTHER[id_type].match(value):
        return f"not a valid document number of type {id_type}"
    return None
