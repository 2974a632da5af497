"""notices tracking oversight

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('supervision_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('issued_by_department_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['issued_by_department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supervision_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_notice_department_id'), ['department_id'], unique=False)

    op.create_table('joint_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('item_ids', sa.JSON(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('joint_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_review_entity_id'), ['entity_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('item_ids', sa.JSON(), nullable=False),
    sa.Column('pushed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ack_due', sa.Date(), nullable=False),
    sa.Column('ack_due_provisional', sa.Boolean(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_ack_due'), ['ack_due'], unique=False)
        batch_op.create_index('ix_notification_department_status', ['department_id', 'acknowledged_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_entity_id'), ['entity_id'], unique=False)

    op.create_table('pool_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('pooled_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pool_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pool_entry_entity_id'), ['entity_id'], unique=False)

    op.create_table('pre_approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('approving_department_id', sa.Integer(), nullable=False),
    sa.Column('registration_department_id', sa.Integer(), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('licence_number', sa.String(length=64), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('fed_back_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approving_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['permit_item.id'], ),
    sa.ForeignKeyConstraint(['registration_department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pre_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pre_approval_registration_department_id'), ['registration_department_id'], unique=False)

    op.create_table('registration_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity_id')
    )
    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('signer_name', sa.String(length=100), nullable=False),
    sa.Column('signer_role', sa.String(length=32), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['notice_id'], ['registration_notice.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity_id')
    )
    op.create_table('joint_review_opinion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['review_id'], ['joint_review.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('review_id', 'department_id', name='uq_joint_review_department')
    )
    with op.batch_alter_table('joint_review_opinion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_review_opinion_department_id'), ['department_id'], unique=False)

    op.create_table('pool_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_entry_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['notification_id'], ['notification.id'], ),
    sa.ForeignKeyConstraint(['pool_entry_id'], ['pool_entry.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pool_entry_id', 'department_id', name='uq_pool_claim')
    )
    op.create_table('tracking_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=False),
    sa.Column('item_ids', sa.JSON(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('closed_reason', sa.String(length=200), nullable=True),
    sa.Column('recheck_every_months', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['notification_id'], ['notification.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tracking_task', schema=None) as batch_op:
        batch_op.create_index('ix_tracking_task_department_status', ['department_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_tracking_task_due'), ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_tracking_task_entity_id'), ['entity_id'], unique=False)

    op.create_table('permit_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('permit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['permit_item.id'], ),
    sa.ForeignKeyConstraint(['permit_id'], ['permit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('permit_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_permit_application_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_permit_application_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index('ix_permit_application_status_due', ['status', 'due'], unique=False)

    op.create_table('tracking_inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('inspector_ids', sa.JSON(), nullable=False),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tracking_task.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tracking_inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracking_inspection_task_id'), ['task_id'], unique=False)

    op.create_table('investigation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('found_by_department_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['found_by_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['inspection_id'], ['tracking_inspection.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['permit_item.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('investigation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investigation_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_investigation_entity_id'), ['entity_id'], unique=False)

    with op.batch_alter_table('permit_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enforcement_department_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_permit_item_enforcement_department_id', 'department', ['enforcement_department_id'], ['id'])

    with op.batch_alter_table('market_entity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('street_department_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_market_entity_street_department_id', 'department', ['street_department_id'], ['id'])

    with op.batch_alter_table('permit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('notification_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_permit_notification_id', 'notification', ['notification_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('market_entity', schema=None) as batch_op:
        batch_op.drop_constraint('fk_market_entity_street_department_id', type_='foreignkey')
        batch_op.drop_column('street_department_id')

    with op.batch_alter_table('permit_item', schema=None) as batch_op:
        batch_op.drop_constraint('fk_permit_item_enforcement_department_id', type_='foreignkey')
        batch_op.drop_column('enforcement_department_id')

    with op.batch_alter_table('permit', schema=None) as batch_op:
        batch_op.drop_constraint('fk_permit_notification_id', type_='foreignkey')
        batch_op.drop_column('notification_id')
        batch_op.drop_column('feedback_due')

    with op.batch_alter_table('investigation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investigation_entity_id'))
        batch_op.drop_index(batch_op.f('ix_investigation_department_id'))

    op.drop_table('investigation')
    with op.batch_alter_table('tracking_inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracking_inspection_task_id'))

    op.drop_table('tracking_inspection')
    with op.batch_alter_table('permit_application', schema=None) as batch_op:
        batch_op.drop_index('ix_permit_application_status_due')
        batch_op.drop_index(batch_op.f('ix_permit_application_entity_id'))
        batch_op.drop_index(batch_op.f('ix_permit_application_department_id'))

    op.drop_table('permit_application')
    with op.batch_alter_table('tracking_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracking_task_entity_id'))
        batch_op.drop_index(batch_op.f('ix_tracking_task_due'))
        batch_op.drop_index('ix_tracking_task_department_status')

    op.drop_table('tracking_task')
    op.drop_table('pool_claim')
    with op.batch_alter_table('joint_review_opinion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_review_opinion_department_id'))

    op.drop_table('joint_review_opinion')
    op.drop_table('commitment')
    op.drop_table('registration_notice')
    with op.batch_alter_table('pre_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pre_approval_registration_department_id'))

    op.drop_table('pre_approval')
    with op.batch_alter_table('pool_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pool_entry_entity_id'))

    op.drop_table('pool_entry')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_entity_id'))
        batch_op.drop_index('ix_notification_department_status')
        batch_op.drop_index(batch_op.f('ix_notification_ack_due'))

    op.drop_table('notification')
    with op.batch_alter_table('joint_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_review_entity_id'))

    op.drop_table('joint_review')
    with op.batch_alter_table('supervision_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_notice_department_id'))

    op.drop_table('supervision_notice')

