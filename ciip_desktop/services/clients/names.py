"""Names: folding for search and comparison, and pinyin from a Chinese name (family name first).

pypinyin reads characters as common words; a family name is read as a family name, so the
few surnames with their own reading (曾 Zeng, 单 Shan, 区 Ou ...) and the compound
surnames (欧阳, 司马 ...) are looked up here first.
"""

from __future__ import annotations

import functools
import re
import unicodedata

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "令狐",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "东郭",
        "澹台",
        "公羊",
        "赫连",
        "申屠",
        "太史",
        "闻人",
        "万俟",
        "钟离",
        "拓跋",
        "濮阳",
        "单于",
        "第五",
        "左丘",
        "谷梁",
        "梁丘",
        "乐正",
        "漆雕",
        "公冶",
        "太叔",
        "仲孙",
        "鲜于",
        "闾丘",
        "亓官",
        "司寇",
        "巫马",
        "公西",
        "颛孙",
        "壤驷",
        "公良",
        "宰父",
        "夹谷",
        "段干",
        "东里",
        "南门",
        "羊舌",
        "微生",
    }
)
# Family names read differently from the same character in a common word.
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "区": "ou",
    "解": "xie",
    "朴": "piao",
    "查": "zha",
    "乐": "yue",
    "仇": "qiu",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "员": "yun",
    "种": "chong",
    "秘": "bi",
    "燕": "yan",
    "过": "guo",
    "尉迟": "yuchi",
    "长孙": "zhangsun",
    "万俟": "moqi",
    "单于": "chanyu",
    "令狐": "linghu",
    "澹台": "tantai",
}

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_SPACES = re.compile(r"\s+", re.UNICODE)
# CJK ideographs, the extension A block, compatibility ideographs, and extensions B-H
# (family names such as 𠮷 are outside the BMP).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]")


def fold(text: str) -> str:
    """Lower case, accents and tone marks removed (zhāng → zhang, lü → lu), no whitespace."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub("", plain)


def fold_word(text: str) -> str:
    """:func:`fold` that also drops punctuation (O'Brien → obrien, Xiao-Ming → xiaoming)."""
    return _NOT_WORD.sub("", fold(text))


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def split_chinese_name(name: str) -> tuple[str, str]:
    """(family name, given name) of a Chinese name written family name first."""
    name = _SPACES.sub("", name)
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _syllables(text: str, u_umlaut: str) -> str:
    # Imported here: pypinyin loads its dictionaries (~0.3 s), which start-up need not wait for.
    from pypinyin import lazy_pinyin

    # pypinyin writes ü as v (lv, nve); passports write it yu (Lyu), people often type u.
    return "".join(s.replace("v", u_umlaut) for s in lazy_pinyin(text, errors="ignore") if s)


@functools.lru_cache(maxsize=65536)
def pinyin_parts(chinese_name: str, u_umlaut: str = "yu") -> tuple[str, str]:
    """Toneless pinyin of the family and the given name, lower case, no spaces ("zhang", "wei").

    ``u_umlaut`` is how ü is written: "yu" as on passports (吕 → lyu), or "u" or "v".
    """
    family, given = split_chinese_name(chinese_name)
    if not family:
        return "", ""
    family_pinyin = SURNAME_READINGS.get(family) or _syllables(family, u_umlaut)
    return family_pinyin, _syllables(given, u_umlaut)


def suggest_pinyin(chinese_name: str) -> str:
    """The romanised name as the office writes it: family name first, capitalised, no tones.

    张伟 → "Zhang Wei", 欧阳娜娜 → "Ouyang Nana", 曾小贤 → "Zeng Xiaoxian".
    """
    family, given = pinyin_parts(chinese_name)
    return " ".join(part.capitalize() for part in (family, given) if part)


def comparable_name(text: str) -> str:
    """Lower case words without accents or punctuation, single-spaced ("zhang wei")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def display_name(family_name: str, given_name: str, chinese_name: str) -> str:
    """ "ZHANG, Wei (张伟)" as lists and documents show a client."""
    latin = f"{family_name.upper()}, {given_name}".strip(", ")
    if chinese_name:
        return f"{latin} ({chinese_name})" if latin else chinese_name
    return latin
