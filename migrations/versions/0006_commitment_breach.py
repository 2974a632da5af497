"""commitment breach investigations (rule 6), permits granted on commitment, §42 enforcement department,
provisional tracking deadlines and the deadline each tracking inspection answered

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('permit') as batch:
        batch.add_column(sa.Column('by_commitment', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('investigation') as batch:
        batch.add_column(sa.Column('kind', sa.String(length=24), nullable=False, server_default='UNLICENSED'))
        batch.add_column(sa.Column('permit_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('breach', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('outcome', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('conclusion', sa.Text(), nullable=True))
        batch.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key('fk_investigation_permit_id', 'permit', ['permit_id'], ['id'])
        batch.create_index('ix_investigation_permit_id', ['permit_id'])
    with op.batch_alter_table('tracking_task') as batch:
        batch.add_column(sa.Column('due_provisional', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('tracking_inspection') as batch:
        batch.add_column(sa.Column('due', sa.Date(), nullable=True))
    with op.batch_alter_table('pre_approval') as batch:
        batch.add_column(sa.Column('enforcement_department_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_pre_approval_enforcement_department_id', 'department', ['enforcement_department_id'], ['id'])
        batch.create_index('ix_pre_approval_enforcement_department_id', ['enforcement_department_id'])


def downgrade() -> None:
    with op.batch_alter_table('pre_approval') as batch:
        batch.drop_index('ix_pre_approval_enforcement_department_id')
        batch.drop_constraint('fk_pre_approval_enforcement_department_id', type_='foreignkey')
        batch.drop_column('enforcement_department_id')
    with op.batch_alter_table('tracking_inspection') as batch:
        batch.drop_column('due')
    with op.batch_alter_table('tracking_task') as batch:
        batch.drop_column('due_provisional')
    with op.batch_alter_table('investigation') as batch:
        batch.drop_index('ix_investigation_permit_id')
        batch.drop_constraint('fk_investigation_permit_id', type_='foreignkey')
        for col in ('closed_at', 'conclusion', 'outcome', 'breach', 'permit_id', 'kind'):
            batch.drop_column(col)
    with op.batch_alter_table('permit') as batch:
        batch.drop_column('by_commitment')
