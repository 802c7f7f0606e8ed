"""quality indexes: the dashboard's registrations and finished calls read from indexes

Revision ID: 0009_quality_indexes
Revises: 0008_package_pdf
"""

from alembic import op

revision = "0009_quality_indexes"
down_revision = "0008_package_pdf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.create_index(
            "ix_client_received",
            ["deleted", "received_on", "id", "status", "counsellor_id", "city_of_residence"],
            unique=False,
        )
    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_needs_assessment_done",
            ["client_id", "deleted", "complete", "assessed_on"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("needs_assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_needs_assessment_done")
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_index("ix_client_received")
