"""A PDF with Chinese text embeds the bundled font and gives the text back when read."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from ciip_desktop.documents.fonts import body_font


def test_chinese_and_latin_text_is_embedded_and_extractable(tmp_path: Path) -> None:
    path = tmp_path / "hello.pdf"
    style = ParagraphStyle("body", fontName=body_font(), fontSize=12, wordWrap="CJK")
    doc = SimpleDocTemplate(str(path))
    doc.build([Paragraph("张伟 Zhang Wei — 多伦多 Toronto, ON", style)])

    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    assert "张伟" in text and "Zhang Wei" in text and "多伦多" in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [fonts[key].get_object()["/BaseFont"] for key in fonts]
    assert any("WenQuanYiMicroHei" in str(name) for name in names)
    descendant = [fonts[key].get_object() for key in fonts]
    # A subset is embedded: the font file travels with the PDF.
    assert any(_has_embedded_file(font) for font in descendant)


def _has_embedded_file(font: object) -> bool:
    text = repr(font)
    if "/FontFile2" in text:
        return True
    try:
        descriptor = font["/FontDescriptor"].get_object()  # type: ignore[index]
    except (KeyError, TypeError):
        return False
    return "/FontFile2" in descriptor
