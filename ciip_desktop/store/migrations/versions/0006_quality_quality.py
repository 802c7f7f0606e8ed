"""quality: service standards and paused clocks (issue 18)

Revision ID: 0006_quality
Revises: 0004_packages
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_quality"
down_revision = "0004_packages"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "service_standard",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("target_days", sa.Integer(), nullable=False),
        sa.Column("required_share", sa.Float(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_standard")),
        sa.UniqueConstraint("key", name=op.f("uq_service_standard_key")),
    )
    op.create_table(
        "clock_pause",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("standard_key", sa.String(length=40), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_clock_pause_client_id_client"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_pause")),
    )
    with op.batch_alter_table("clock_pause", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clock_pause_client_id"), ["client_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("clock_pause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clock_pause_client_id"))
    op.drop_table("clock_pause")
    op.drop_table("service_standard")
