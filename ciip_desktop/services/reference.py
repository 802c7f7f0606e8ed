"""Reference tables shipped with the app: provinces, cities, NOC 2021, language equivalencies.

The CSV files in ``resources/reference`` are read once, on first use, and kept. Names and
titles are returned in the current UI language where the table has them (and marked as
English where it has not).

Language levels follow IRCC's equivalency charts: a test result maps to the highest
CLB/NCLC level whose minimum score *every* skill meets (the lowest skill decides). The
charts start at level 4; a result with any skill below the level-4 minimum gives ``None``
("below CLB/NCLC 4": the counsellor enters the level by hand). Level 10 means "10 or above".
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ciip_desktop.config import REFERENCE_DIR
from ciip_desktop.i18n import SOURCE_LANGUAGE, _, current_language

# Skill order of every score string the app stores: "listening/reading/writing/speaking".
SKILLS = ("listening", "reading", "writing", "speaking")
_SCORE_SPLIT = re.compile(r"\s*/\s*")


@dataclass(frozen=True)
class Province:
    code: str
    name_en: str
    name_fr: str
    name_zh: str
    cities: tuple[str, ...]

    def name(self, language: str) -> str:
        if language.startswith("zh"):
            return self.name_zh or self.name_en
        if language.startswith("fr"):
            return self.name_fr or self.name_en
        return self.name_en


@dataclass(frozen=True)
class Occupation:
    code: str
    title_en: str
    title_zh: str
    teer: str
    regulated: str


# (level, minimum listening, reading, writing, speaking), highest level first.
LevelTable = tuple[tuple[int, tuple[float, float, float, float]], ...]


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def parse_scores(text: str) -> tuple[float, float, float, float]:
    """Four scores "L/R/W/S" (decimal point or comma); ValueError when it is not that."""
    parts = _SCORE_SPLIT.split(text.strip())
    if len(parts) != 4:
        raise ValueError(text)
    values = tuple(float(p.replace(",", ".")) for p in parts)
    return values[0], values[1], values[2], values[3]


def level_for(table: LevelTable, scores: Sequence[float]) -> int | None:
    """The highest level whose minimums every skill meets; None below the table."""
    for level, minimums in table:
        if all(score >= minimum for score, minimum in zip(scores, minimums, strict=True)):
            return level
    return None


class Reference:
    """The reference tables; use :meth:`load` for the shared, already-read instance."""

    def __init__(self) -> None:
        self._provinces: dict[str, Province] = {}
        cities: dict[str, list[str]] = {}
        for row in _rows("cities.csv"):
            if row.get("country", "CA") == "CA":
                cities.setdefault(row["province"], []).append(row["city"])
        for row in _rows("provinces.csv"):
            code = row["code"]
            listed = [c for c in row.get("main_cities", "").split(";") if c]
            merged = list(dict.fromkeys([*listed, *cities.get(code, [])]))
            self._provinces[code] = Province(
                code, row["name_en"], row["name_fr"], row["name_zh"], tuple(merged)
            )
        self._ielts: LevelTable = ()
        self._celpip: LevelTable = ()
        ielts, celpip = [], []
        for row in _rows("clb-ielts-celpip.csv"):
            level = int(row["clb"])
            ielts.append(
                (
                    level,
                    (
                        float(row["ielts_gt_listening"]),
                        float(row["ielts_gt_reading"]),
                        float(row["ielts_gt_writing"]),
                        float(row["ielts_gt_speaking"]),
                    ),
                )
            )
            each = float(row["celpip_each_skill"])
            celpip.append((level, (each, each, each, each)))
        self._ielts = tuple(sorted(ielts, reverse=True))
        self._celpip = tuple(sorted(celpip, reverse=True))
        french: dict[str, list[tuple[int, tuple[float, float, float, float]]]] = {}
        for row in _rows("nclc-tef-tcf.csv"):
            minimums = tuple(float(row[s]) for s in SKILLS)
            french.setdefault(row["test"], []).append(
                (int(row["nclc"]), (minimums[0], minimums[1], minimums[2], minimums[3]))
            )
        self._french = {test: tuple(sorted(t, reverse=True)) for test, t in french.items()}

    @functools.cached_property
    def _nocs(self) -> dict[str, Occupation]:
        """The NOC 2021 occupations, read when first asked for (not for the first paint)."""
        common = {row["noc"]: row for row in _rows("noc2021-common.csv")}
        nocs: dict[str, Occupation] = {}
        for row in _rows("noc2021.csv"):
            extra = common.get(row["noc"], {})
            nocs[row["noc"]] = Occupation(
                row["noc"],
                row["title_en"],
                extra.get("title_zh", ""),
                row["teer"],
                extra.get("regulated", ""),
            )
        return nocs

    @staticmethod
    @functools.cache
    def load() -> Reference:
        return Reference()

    # ---- provinces and cities ---------------------------------------------------------

    def provinces(self) -> list[tuple[str, str]]:
        """(code, name in the current UI language), in code order."""
        language = current_language()
        return [(p.code, p.name(language)) for p in self._provinces.values()]

    def province_name(self, code: str) -> str:
        province = self._provinces.get(code.upper())
        return province.name(current_language()) if province else code

    def is_province(self, code: str) -> bool:
        return code.upper() in self._provinces

    def cities(self, province: str) -> list[str]:
        found = self._provinces.get(province.upper())
        return list(found.cities) if found else []

    # ---- NOC 2021 ----------------------------------------------------------------------

    def is_noc(self, code: str) -> bool:
        return code in self._nocs

    def noc_title(self, code: str) -> str | None:
        occupation = self._nocs.get(code)
        if occupation is None:
            return None
        if current_language().startswith("zh") and occupation.title_zh:
            return occupation.title_zh
        return occupation.title_en

    def noc_label(self, code: str) -> str | None:
        """The title to show in the current language; where the table has no title in that
        language (no French titles, Chinese for common occupations only), the English one,
        marked as such so nobody takes it for a translation that was forgotten."""
        occupation = self._nocs.get(code)
        if occupation is None:
            return None
        language = current_language()
        if language.startswith("zh") and occupation.title_zh:
            return occupation.title_zh
        if language == SOURCE_LANGUAGE:
            return occupation.title_en
        return _("{title} (in English)").format(title=occupation.title_en)

    def noc_regulated(self, code: str) -> str:
        """ "yes", "no", a note such as "engineer title", or "" when the table does not say."""
        occupation = self._nocs.get(code)
        return occupation.regulated if occupation else ""

    def search_noc(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Occupations whose code starts with ``query`` or whose title has all its words,
        with the title to show (:meth:`noc_label`)."""
        text = query.strip().casefold()
        if not text:
            return []
        found: list[tuple[str, str]] = []
        words = text.split()
        for code in self._nocs:
            occupation = self._nocs[code]
            titles = f"{occupation.title_en} {occupation.title_zh}".casefold()
            if code.startswith(text) or all(w in titles for w in words):
                found.append((code, self.noc_label(code) or ""))
                if len(found) >= limit:
                    break
        return found

    # ---- language levels ---------------------------------------------------------------

    def clb_from_ielts(
        self, listening: float, reading: float, writing: float, speaking: float
    ) -> int | None:
        """CLB for IELTS General Training bands; None when any skill is below CLB 4."""
        return level_for(self._ielts, (listening, reading, writing, speaking))

    def clb_from_celpip(
        self, listening: float, reading: float, writing: float, speaking: float
    ) -> int | None:
        """CLB for CELPIP-General levels (level = CLB); None when any skill is below 4."""
        return level_for(self._celpip, (listening, reading, writing, speaking))

    def nclc_from_tef(
        self, listening: float, reading: float, writing: float, speaking: float
    ) -> int | None:
        """NCLC for TEF Canada scores (chart for tests from 2023-12-11); None below NCLC 4."""
        return level_for(self._french["tef"], (listening, reading, writing, speaking))

    def nclc_from_tcf(
        self, listening: float, reading: float, writing: float, speaking: float
    ) -> int | None:
        """NCLC for TCF Canada scores; None when any skill is below NCLC 4."""
        return level_for(self._french["tcf"], (listening, reading, writing, speaking))

    def level_from_test(self, test: str, scores: str) -> int | None:
        """CLB/NCLC for ``test`` (ielts, celpip, tef, tcf) and "L/R/W/S" scores.

        ValueError when the scores do not parse or the test is unknown.
        """
        values = parse_scores(scores)
        converters = {
            "ielts": self.clb_from_ielts,
            "celpip": self.clb_from_celpip,
            "tef": self.nclc_from_tef,
            "tcf": self.nclc_from_tcf,
        }
        if test not in converters:
            raise ValueError(test)
        return converters[test](*values)
