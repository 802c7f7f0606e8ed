"""Labour-market figures for a package: Job Bank wages by province and related occupations.

Read once from ``resources/reference`` (wages-by-province.csv, noc2021.csv and the Chinese
titles of noc2021-common.csv, French titles too where that file has a ``title_fr`` column).
The file has no national row: the national figure shown is the median of the provincial
medians, and the package says so.
"""

from __future__ import annotations

import csv
import functools
import statistics
from dataclasses import dataclass

from ciip_desktop.config import REFERENCE_DIR


@dataclass(frozen=True)
class Wage:
    province: str
    low: float
    median: float
    high: float
    unit: str  # hour or year
    source: str
    period: str
    revised: str


@dataclass(frozen=True)
class LabourData:
    titles_en: dict[str, str]
    titles_zh: dict[str, str]
    titles_fr: dict[str, str]
    provinces: dict[str, tuple[str, str, str]]  # code -> (en, fr, zh)
    wages: dict[str, dict[str, Wage]]  # noc -> province -> wage

    def title(self, noc: str, language: str) -> str:
        if language.startswith("zh") and self.titles_zh.get(noc):
            return self.titles_zh[noc]
        return self.titles_en.get(noc, noc)

    def native_title(self, noc: str, language: str) -> str | None:
        """The title written in ``language`` (en, zh or fr), or None where the data has none."""
        if language.startswith("zh"):
            return self.titles_zh.get(noc) or None
        if language.startswith("fr"):
            return self.titles_fr.get(noc) or None
        return self.titles_en.get(noc, noc)

    def province_name(self, code: str, language: str) -> str:
        names = self.provinces.get(code)
        if names is None:
            return code
        if language.startswith("zh"):
            return names[2]
        return names[1] if language.startswith("fr") else names[0]

    def wage(self, noc: str, province: str) -> Wage | None:
        return self.wages.get(noc, {}).get(province)

    def national(self, noc: str) -> Wage | None:
        """The median of the provincial figures (one unit only), or None without any."""
        rows = list(self.wages.get(noc, {}).values())
        if not rows:
            return None
        unit = rows[0].unit
        same = [r for r in rows if r.unit == unit]
        return Wage(
            "CA",
            statistics.median(r.low for r in same),
            statistics.median(r.median for r in same),
            statistics.median(r.high for r in same),
            unit,
            same[0].source,
            same[0].period,
            same[0].revised,
        )

    def related(self, noc: str, limit: int = 6) -> list[str]:
        """Other unit groups of the same NOC minor group (first three digits)."""
        if len(noc) != 5:
            return []
        return [c for c in self.titles_en if c[:3] == noc[:3] and c != noc][:limit]


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def labour_data() -> LabourData:
    titles_en = {r["noc"]: r["title_en"] for r in _read("noc2021.csv")}
    common = _read("noc2021-common.csv")
    titles_zh = {r["noc"]: r["title_zh"] for r in common}
    titles_fr = {r["noc"]: r.get("title_fr") or "" for r in common}
    provinces = {
        r["code"]: (r["name_en"], r["name_fr"], r["name_zh"]) for r in _read("provinces.csv")
    }
    wages: dict[str, dict[str, Wage]] = {}
    for r in _read("wages-by-province.csv"):
        try:
            wage = Wage(
                r["province"],
                float(r["low_wage"]),
                float(r["median_wage"]),
                float(r["high_wage"]),
                r["unit"],
                r["source"],
                r["reference_period"],
                r["revision_date"],
            )
        except ValueError:
            continue  # a row without figures
        wages.setdefault(r["noc"], {})[r["province"]] = wage
    return LabourData(titles_en, titles_zh, titles_fr, provinces, wages)
