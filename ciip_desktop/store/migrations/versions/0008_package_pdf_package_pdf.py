"""package_pdf: issued package PDFs leave the synced row for a local store by SHA-256

Revision ID: 0008_package_pdf
Revises: 0005_sync

Each issued version's PDF travelled base64 in ``info_package.pdf``, so in the change log and
on the hub. From now on the bytes live in the local table ``package_pdf`` (never synced) and
the synced row keeps their hash, the printed content (``document``) and the layout code
(``renderer``) to lay them out again elsewhere. Every replica moves its own copies: the
migration writes no change, so nothing of it is pushed.
"""

import base64
import binascii
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0008_package_pdf"
down_revision = "0005_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "package_pdf",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_package_pdf")),
    )
    with op.batch_alter_table("info_package", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("renderer", sa.String(length=120), nullable=False, server_default="")
        )

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, pdf FROM info_package WHERE pdf != ''")).all()
    for row_id, encoded in rows:
        try:
            pdf = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue  # not a PDF we wrote: left where it is
        sha = hashlib.sha256(pdf).hexdigest()
        known = conn.execute(
            sa.text("SELECT 1 FROM package_pdf WHERE sha256 = :sha"), {"sha": sha}
        ).first()
        if known is None:
            conn.execute(
                sa.text("INSERT INTO package_pdf (sha256, pdf) VALUES (:sha, :pdf)"),
                {"sha": sha, "pdf": pdf},
            )
        conn.execute(
            sa.text("UPDATE info_package SET pdf = '', pdf_sha256 = :sha WHERE id = :id"),
            {"sha": sha, "id": row_id},
        )


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT info_package.id, package_pdf.pdf FROM info_package "
            "JOIN package_pdf ON package_pdf.sha256 = info_package.pdf_sha256"
        )
    ).all()
    for row_id, pdf in rows:
        conn.execute(
            sa.text("UPDATE info_package SET pdf = :pdf WHERE id = :id"),
            {"pdf": base64.b64encode(pdf).decode("ascii"), "id": row_id},
        )
    with op.batch_alter_table("info_package", schema=None) as batch_op:
        batch_op.drop_column("renderer")
        batch_op.drop_column("document")
    op.drop_table("package_pdf")
