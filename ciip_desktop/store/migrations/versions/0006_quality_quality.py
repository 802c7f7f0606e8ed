"""quality: service standards and paused clocks (issue 18)

Revision ID: 0006_quality
Revises: 0007_security
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_quality"
down_revision = "0007_security"
branch_labels = None
depends_on = None

_DRIVERS = ("timeliness", "knowledge", "courtesy", "fairness", "outcome", "overall")


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


    op.create_table(
        "survey_response",
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.Column("session_kind", sa.String(length=20), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=True) for name in _DRIVERS],
        sa.Column("comments", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["calendar_session.id"],
            name=op.f("fk_survey_response_session_id_calendar_session"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_response_answered_on"), ["answered_on"], unique=False
        )
    op.create_table(
        "feedback_item",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=True),
        sa.Column("handler_id", sa.String(length=36), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_feedback_item_client_id_client"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.ForeignKeyConstraint(
            ["handler_id"],
            ["counsellor.id"],
            name=op.f("fk_feedback_item_handler_id_counsellor"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_item")),
        sa.UniqueConstraint("reference", name=op.f("uq_feedback_item_reference")),
    )
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_item_received_on"), ["received_on"], unique=False
        )
    op.create_table(
        "improvement_project",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("raised_by", sa.String(length=36), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("standard_key", sa.String(length=40), nullable=False),
        sa.Column("driver", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("implemented_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["raised_by"],
            ["counsellor.id"],
            name=op.f("fk_improvement_project_raised_by_counsellor"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_improvement_project")),
    )


def downgrade() -> None:
    op.drop_table("improvement_project")
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_item_received_on"))
    op.drop_table("feedback_item")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_response_answered_on"))
    op.drop_table("survey_response")
    with op.batch_alter_table("clock_pause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clock_pause_client_id"))
    op.drop_table("clock_pause")
    op.drop_table("service_standard")
