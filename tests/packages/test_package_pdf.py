"""The printed package read back from the PDF: text in both scripts, fonts embedded, pages,
links, metadata, paper sizes, missing data, markup characters and Chinese line breaking."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from package_support import assess, engineer, register
from reportlab.platypus import Paragraph

from ciip_desktop.documents.fonts import body_font
from ciip_desktop.documents.package_doc import PackageDocument, Section
from ciip_desktop.documents.package_pdf import _styles, render_package
from ciip_desktop.services.bundle import Services
from ciip_desktop.services.context import Actor


def build(services: Services, client_id: str, language: str = "en", **draft: str) -> bytes:
    package = services.packages.propose(client_id, language, draft.pop("paper", "a4"))
    package.note = draft.pop("note", "")
    return render_package(services.packages.document(package, "Li Na"))


def read(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_a_bilingual_package_reads_back_in_both_scripts_with_fonts_links_and_metadata(
    services: Services, counsellor: Actor
) -> None:
    client_id = engineer(services, counsellor)
    reader, text = read(build(services, client_id, "bilingual"))
    assert 6 <= len(reader.pages) <= 14
    assert "WANG Wei" in text and "王伟" in text
    assert "Licence in Ontario: Professional Engineers Ontario (PEO)" in text
    assert "安大略省执照" in text  # the Chinese version of the same item
    assert "Page 3 of" in text and "您的情况" in text  # headings in both languages
    assert "Civil engineers" in text and "$" in text and "2020-2021" in text  # wage table
    assert "NOC 21301" in text  # a related occupation of the same minor group
    assert "Expected departure / 预计出发日期" in text
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Your pre-arrival information package / 您的行前信息资料包"
    assert meta.author == "Li Na"
    assert meta.subject is not None and meta.subject.endswith(
        "— " + services.clients.get(counsellor, client_id).file_no
    )
    assert reader.trailer["/Root"]["/Lang"] == "en-CA"
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                assert "/FontFile2" in descriptor, font["/BaseFont"]  # embedded TrueType
                fonts.add(str(font["/BaseFont"]))
    assert fonts and all(name.startswith("/AAAAA") or "+" in name for name in fonts)  # subset
    uris = {
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", []) or []
        if "/URI" in a.get_object().get("/A", {})
    }
    assert "https://www.peo.on.ca/" in uris
    assert "https://www.peo.on.ca/" in text  # printed in full too


def test_paper_size_a4_or_letter(services: Services, counsellor: Actor) -> None:
    client_id = engineer(services, counsellor)
    a4, _ = read(build(services, client_id, paper="a4"))
    letter, _ = read(build(services, client_id, paper="letter"))
    assert [round(float(x)) for x in a4.pages[0].mediabox[2:]] == [595, 842]
    assert [round(float(x)) for x in letter.pages[0].mediabox[2:]] == [612, 792]


def test_a_record_without_destination_or_occupation_gives_named_sections_to_complete(
    services: Services, counsellor: Actor
) -> None:
    client_id = register(services, counsellor)
    draft = services.packages.propose(client_id)
    assert draft.missing == [
        "No needs assessment is recorded yet.",
        "No intended occupation (NOC code) is recorded.",
        "No English (CLB) or French (NCLC) level is recorded.",
        "No destination province is recorded.",
    ]
    _reader, text = read(build(services, client_id))
    assert text.count("To be completed") == 4
    assert "No destination province is recorded." in text
    assert "Educational credential assessment (ECA)" in text  # what applies still prints


def test_an_assessment_without_occupation_still_builds(
    services: Services, counsellor: Actor
) -> None:
    client_id = register(services, counsellor)
    assess(services, counsellor, client_id, "BC", "Vancouver", noc="", clb=None, complete=False)
    draft = services.packages.propose(client_id)
    assert draft.missing == [
        "No intended occupation (NOC code) is recorded.",
        "No English (CLB) or French (NCLC) level is recorded.",
    ]
    _reader, text = read(build(services, client_id))
    assert "Settling in British Columbia" in text and "Wages" not in text


def test_what_a_user_typed_prints_literally(services: Services, counsellor: Actor) -> None:
    client_id = register(
        services, counsellor, family="O'Brien <b>", given='Ann & "Jo"', chinese="王&lt;伟"
    )
    note = 'Bring <all> originals & copies; it\'s "urgent" </para>'
    _reader, text = read(build(services, client_id, note=note))
    assert 'O\'BRIEN <B> Ann & "Jo"' in text
    assert "王&lt;伟" in text
    assert note in text


def test_french_falls_back_to_english_item_by_item_and_says_so(
    services: Services, counsellor: Actor
) -> None:
    client_id = register(services, counsellor)
    assess(services, counsellor, client_id, province="QC", city="Montréal", noc="21300")
    draft = services.packages.propose(client_id, "fr_zh")
    warnings = [w.text for w in services.packages.warnings(draft)]
    assert "“Working as: Civil engineers” has no French version; it prints in English." in warnings
    assert not any("Settling in Quebec" in w for w in warnings)
    _reader, text = read(build(services, client_id, "fr_zh"))
    assert "S'établir au Québec" in text  # the item's French version
    assert "Working as: Civil engineers" in text  # no French: English
    assert "从事职业：土木工程师" in text


def test_a_french_package_marks_occupation_titles_it_has_only_in_english(
    services: Services, counsellor: Actor
) -> None:
    client_id = register(services, counsellor)
    assess(services, counsellor, client_id, province="QC", city="Montréal", noc="21300")
    _reader, text = read(build(services, client_id, "fr_CA"))
    flat = " ".join(text.split())
    assert "Professions connexes à envisager" in flat
    # Related occupations (same NOC minor group): no French title in the data, so the
    # English one is marked as such, in French; never an unmarked English title.
    assert "NOC 21301 — Mechanical engineers (en anglais)" in flat
    assert "NOC 21320 — Chemical engineers (en anglais)" in flat
    assert "Mechanical engineers /" not in flat
    assert "21300 Civil engineers (en anglais)" in flat  # the intended occupation too

    _reader, text = read(build(services, client_id, "fr_zh"))
    flat = " ".join(text.split())
    # Chinese where the data has it; the English stand-in is marked once, in French.
    assert "NOC 21301 — Mechanical engineers (en anglais) / 机械工程师" in flat
    assert "NOC 21320 — Chemical engineers (en anglais)" in flat
    assert "Chemical engineers（英文）" not in flat


def test_long_chinese_runs_and_urls_break_inside_the_frame() -> None:
    styles = _styles(body_font())
    width = 170 * 72 / 25.4
    for text, style in (
        ("中文长句没有空格" * 60, styles["body_cjk"]),
        ("https://example.org/" + "a-very-long-path-segment" * 12, styles["link"]),
    ):
        para = Paragraph(text, style)
        para.wrap(width, 10_000)
        lines = para.blPara.lines
        assert len(lines) > 2
        widths = [width - getattr(line, "extraSpace", line[0]) for line in lines]
        assert max(widths) <= width + 0.01


def test_the_cover_contents_and_page_numbers_of_a_small_document(tmp_path: Path) -> None:
    document = PackageDocument(
        title="T",
        subtitle="S",
        author="A",
        subject="Subj",
        language="zh-CN",
        names=("LI Na", "李娜"),
        cover=(),
        contents_title="目录",
        header="H",
        page_label="第 {page} 页，共 {pages} 页",
        sections=(Section("第一节"), Section("第二节")),
    )
    reader, text = read(render_package(document))
    assert len(reader.pages) == 3
    assert "目录" in text and "第一节" in text and "第 3 页，共 3 页" in text
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert [o.title for o in reader.outline] == ["1. 第一节", "2. 第二节"]
