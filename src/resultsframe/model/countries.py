"""Countries as partners' initiatives name them: ISO 3166-1 alpha-2 codes (``"GB"``, ``"TZ"``).

Two letters, as the unit-level data of the built-in example (the Optional Protocol's parties by
country) and IATI's recipient countries write them. :data:`COUNTRIES` holds the 249 officially
assigned codes; :func:`check_country` refuses anything else and says how to write it.

>>> check_country("TZ")
'TZ'
>>> check_country("tz")
Traceback (most recent call last):
...
ValueError: country 'tz' is written in capitals: 'TZ' (ISO 3166-1 alpha-2)
"""

from __future__ import annotations

__all__ = ["COUNTRIES", "check_country"]

# ISO 3166-1 alpha-2, the officially assigned codes (249), in alphabetical order.
_ALPHA_2 = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
"""
#: The ISO 3166-1 alpha-2 codes officially assigned (249), in alphabetical order.
COUNTRIES: tuple[str, ...] = tuple(_ALPHA_2.split())
_COUNTRY_SET = frozenset(COUNTRIES)
# Codes people write that ISO does not assign (or no longer does), with the one it does: the
# UK's own abbreviation, the EU's for Greece, and East Timor's code until 2002, which data
# drawn from older lists still carries (the built-in example's treaty data does).
_NOT_ISO = {
    "UK": ("GB", "the United Kingdom"),
    "EL": ("GR", "Greece"),
    "TP": ("TL", "Timor-Leste"),
}


def check_country(code: object) -> str:
    """``code`` if it is an ISO 3166-1 alpha-2 code; ``ValueError`` saying how to write it if not.

    >>> check_country("UK")
    Traceback (most recent call last):
    ...
    ValueError: country 'UK' is not an ISO 3166-1 alpha-2 code; the United Kingdom is 'GB'
    """
    if isinstance(code, str) and code in _COUNTRY_SET:
        return code
    if isinstance(code, str) and code.upper() in _COUNTRY_SET:
        raise ValueError(
            f"country {code!r} is written in capitals: {code.upper()!r} (ISO 3166-1 alpha-2)"
        )
    if isinstance(code, str) and code.upper() in _NOT_ISO:
        iso, name = _NOT_ISO[code.upper()]
        raise ValueError(f"country {code!r} is not an ISO 3166-1 alpha-2 code; {name} is {iso!r}")
    if isinstance(code, str) and len(code) == 3 and code.isalpha():
        raise ValueError(
            f"country {code!r} looks like an alpha-3 code; write the two-letter ISO 3166-1 "
            "alpha-2 code ('TZ' for Tanzania, not 'TZA')"
        )
    raise ValueError(
        f"country {code!r} is not an ISO 3166-1 alpha-2 code; write two capital letters "
        "('TZ' for Tanzania, 'GB' for the United Kingdom)"
    )
