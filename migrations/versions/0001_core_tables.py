"""core tables

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('actor_label', sa.String(length=200), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('act', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.Column('change', sa.JSON(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash')
    )
    with op.batch_alter_table('audit_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_record_act'), ['act'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_record_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_record_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_record_department_at', ['department_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_record_target', ['target_type', 'target_id'], unique=False)

    op.create_table('calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=100), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('day')
    )
    op.create_table('calendar_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('source', sa.String(length=200), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('year')
    )
    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('idempotency_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('operation', sa.String(length=64), nullable=False),
    sa.Column('request_digest', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('actor', 'key', name='uq_idempotency_actor_key')
    )
    op.create_table('api_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('prefix')
    )
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_key_department_id'), ['department_id'], unique=False)

    op.create_table('market_entity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('uscc_as_entered', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('legal_representative', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('region', sa.String(length=6), nullable=False),
    sa.Column('industry_code', sa.String(length=8), nullable=False),
    sa.Column('business_scope', sa.Text(), nullable=False),
    sa.Column('established_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('registering_department_id', sa.Integer(), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=True),
    sa.Column('tolerance_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['registering_department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uscc')
    )
    with op.batch_alter_table('market_entity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_market_entity_name'), ['name'], unique=False)
        batch_op.create_index('ix_market_entity_region_industry', ['region', 'industry_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_market_entity_status'), ['status'], unique=False)

    op.create_table('permit_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('approving_department_id', sa.Integer(), nullable=False),
    sa.Column('competent_department_id', sa.Integer(), nullable=False),
    sa.Column('delegated_to_department_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('mode', sa.String(length=24), nullable=False),
    sa.Column('notice_commitment', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('high_risk', sa.Boolean(), nullable=False),
    sa.Column('time_limit_days', sa.Integer(), nullable=True),
    sa.Column('scope_phrases', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['approving_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['competent_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['delegated_to_department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('permit_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_permit_item_approving_department_id'), ['approving_department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_permit_item_competent_department_id'), ['competent_department_id'], unique=False)

    op.create_table('staff_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('certificate_no', sa.String(length=64), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_user_department_id'), ['department_id'], unique=False)

    op.create_table('entity_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=32), nullable=False),
    sa.Column('source_kind', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['permit_item.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entity_id', 'department_id', 'rule', 'source_kind', 'source_id', name='uq_entity_assignment')
    )
    with op.batch_alter_table('entity_assignment', schema=None) as batch_op:
        batch_op.create_index('ix_entity_assignment_department_entity', ['department_id', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_assignment_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_assignment_item_id'), ['item_id'], unique=False)

    op.create_table('permit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('issuing_department_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['issuing_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['permit_item.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_id', 'number', name='uq_permit_item_number')
    )
    with op.batch_alter_table('permit', schema=None) as batch_op:
        batch_op.create_index('ix_permit_entity', ['entity_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_permit_issuing_department_id'), ['issuing_department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_permit_item_id'), ['item_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('permit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_permit_item_id'))
        batch_op.drop_index(batch_op.f('ix_permit_issuing_department_id'))
        batch_op.drop_index('ix_permit_entity')

    op.drop_table('permit')
    with op.batch_alter_table('entity_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_assignment_item_id'))
        batch_op.drop_index(batch_op.f('ix_entity_assignment_entity_id'))
        batch_op.drop_index('ix_entity_assignment_department_entity')

    op.drop_table('entity_assignment')
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_user_department_id'))

    op.drop_table('staff_user')
    with op.batch_alter_table('permit_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_permit_item_competent_department_id'))
        batch_op.drop_index(batch_op.f('ix_permit_item_approving_department_id'))

    op.drop_table('permit_item')
    with op.batch_alter_table('market_entity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_market_entity_status'))
        batch_op.drop_index('ix_market_entity_region_industry')
        batch_op.drop_index(batch_op.f('ix_market_entity_name'))

    op.drop_table('market_entity')
    with op.batch_alter_table('api_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_key_department_id'))

    op.drop_table('api_key')
    op.drop_table('idempotency_record')
    op.drop_table('department')
    op.drop_table('calendar_year')
    op.drop_table('calendar_day')
    with op.batch_alter_table('audit_record', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_record_target')
        batch_op.drop_index('ix_audit_record_department_at')
        batch_op.drop_index(batch_op.f('ix_audit_record_at'))
        batch_op.drop_index(batch_op.f('ix_audit_record_actor'))
        batch_op.drop_index(batch_op.f('ix_audit_record_act'))

    op.drop_table('audit_record')

