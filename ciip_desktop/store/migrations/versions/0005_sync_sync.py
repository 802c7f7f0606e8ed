"""sync: conflicts, known devices, enrolment and hub settings of the replica

Revision ID: 0005_sync
Revises: 0002_client_list_index
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_sync'
down_revision = '0002_client_list_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_conflict',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('base_value', sa.Text(), nullable=False),
    sa.Column('winner_value', sa.Text(), nullable=False),
    sa.Column('winner_hlc', sa.String(length=40), nullable=False),
    sa.Column('winner_device', sa.String(length=36), nullable=False),
    sa.Column('winner_user', sa.String(length=36), nullable=False),
    sa.Column('loser_value', sa.Text(), nullable=False),
    sa.Column('loser_hlc', sa.String(length=40), nullable=False),
    sa.Column('loser_device', sa.String(length=36), nullable=False),
    sa.Column('loser_user', sa.String(length=36), nullable=False),
    sa.Column('other_row_id', sa.String(length=36), nullable=False),
    sa.Column('resolution', sa.String(length=16), nullable=False),
    sa.Column('resolved_by', sa.String(length=36), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('hlc', sa.String(length=40), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_state'), ['state'], unique=False)
        batch_op.create_index('ix_sync_conflict_row', ['table_name', 'row_id'], unique=False)
    op.create_table('sync_device',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('device_code', sa.String(length=4), nullable=False),
    sa.Column('pulled_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_sync_device'))
    )
    with op.batch_alter_table('replica_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enrolled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('hub_url', sa.String(length=400), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('last_sync_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('replica_state', schema=None) as batch_op:
        batch_op.drop_column('last_sync_at')
        batch_op.drop_column('hub_url')
        batch_op.drop_column('enrolled')
    op.drop_table('sync_device')
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflict_row')
        batch_op.drop_index(batch_op.f('ix_sync_conflict_state'))
    op.drop_table('sync_conflict')
