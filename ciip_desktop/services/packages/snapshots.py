"""The PDF of each issued version, byte for byte, kept outside the synced row.

The bytes live in this replica's local table ``package_pdf`` under their SHA-256 (never in
the change log or on the hub). The synced ``info_package`` row carries the hash and the
printed content as JSON, so a replica that did not issue the version lays the content out
again (reportlab's invariant mode: same content, same code, same bytes) and hands it out
only if the hash matches. A version that arrived from a release before 0008 still carries
its base64 PDF in the row; it is read from there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging

from sqlalchemy.orm import Session

from ciip_desktop.models import InfoPackage, PackagePdf

log = logging.getLogger(__name__)


def keep_pdf(session: Session, pdf: bytes) -> str:
    """Store ``pdf`` (once per content) and return its SHA-256."""
    sha = hashlib.sha256(pdf).hexdigest()
    if session.get(PackagePdf, sha) is None:
        session.add(PackagePdf(sha256=sha, pdf=pdf))
    return sha


def stored_pdf(session: Session, row: InfoPackage) -> bytes | None:
    """The issued PDF from this replica's store (or a legacy row), or None: not here."""
    kept = session.get(PackagePdf, row.pdf_sha256)
    if kept is not None:
        return kept.pdf
    if row.pdf:
        try:
            legacy = base64.b64decode(row.pdf, validate=True)
        except (binascii.Error, ValueError):
            return None
        if hashlib.sha256(legacy).hexdigest() == row.pdf_sha256:
            return legacy
    return None


def relaid_pdf(package_id: str, sha256: str, document: str, renderer: str) -> bytes | None:
    """The issued PDF laid out again from its recorded content, if it matches the hash."""
    if not document:
        return None
    from ciip_desktop.documents.package_json import from_json
    from ciip_desktop.documents.package_pdf import render_package, renderer_id

    pdf = render_package(from_json(document))
    if hashlib.sha256(pdf).hexdigest() == sha256:
        return pdf
    log.warning(
        "issued package %s: laid out again, the hash differs (issued by %s, here %s)",
        package_id,
        renderer,
        renderer_id(),
    )
    return None
