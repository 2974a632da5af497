"""cases, penalty decisions, disclosures and the disclosure feed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('enforcement_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('exemption_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('department_credit_code',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_department_credit_code_department_id'),
    sa.PrimaryKeyConstraint('department_id')
    )
    op.create_table('disclosure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('public_until', sa.Date(), nullable=True),
    sa.Column('severity', sa.String(length=16), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('missing', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_disclosure_department_id'),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_disclosure_entity_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'source_id', name='uq_disclosure_kind_source')
    )
    with op.batch_alter_table('disclosure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_decided_on'), ['decided_on'], unique=False)
        batch_op.create_index('ix_disclosure_department_status', ['department_id', 'status'], unique=False)
        batch_op.create_index('ix_disclosure_uscc', ['uscc', 'id'], unique=False)

    op.create_table('enforcement_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('remit_rule', sa.String(length=32), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('violation_type', sa.String(length=200), nullable=False),
    sa.Column('exemption_code', sa.String(length=32), nullable=True),
    sa.Column('touches_safety', sa.Boolean(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_enforcement_case_department_id'),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_enforcement_case_entity_id'),
    sa.ForeignKeyConstraint(['item_id'], ['permit_item.id'], name='fk_enforcement_case_item_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('enforcement_case', schema=None) as batch_op:
        batch_op.create_index('ix_enforcement_case_department', ['department_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_case_entity_id'), ['entity_id'], unique=False)

    op.create_table('case_transfer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_department_id', sa.Integer(), nullable=False),
    sa.Column('to_department_id', sa.Integer(), nullable=False),
    sa.Column('transferred_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['enforcement_case.id'], name='fk_case_transfer_case_id'),
    sa.ForeignKeyConstraint(['from_department_id'], ['department.id'], name='fk_case_transfer_from_department_id'),
    sa.ForeignKeyConstraint(['to_department_id'], ['department.id'], name='fk_case_transfer_to_department_id'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_transfer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_transfer_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_transfer_from_department_id'), ['from_department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_transfer_to_department_id'), ['to_department_id'], unique=False)

    op.create_table('disclosure_change',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('disclosure_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('event', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('record', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosure.id'], name='fk_disclosure_change_disclosure_id'),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('disclosure_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_change_disclosure_id'), ['disclosure_id'], unique=False)

    op.create_table('legal_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['enforcement_case.id'], name='fk_legal_review_case_id'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['staff_user.id'], name='fk_legal_review_reviewer_id'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('legal_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_review_case_id'), ['case_id'], unique=False)

    op.create_table('penalty_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('measures', sa.JSON(), nullable=False),
    sa.Column('fine_amount', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('confiscated_amount', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('licence', sa.String(length=300), nullable=True),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('major', sa.Boolean(), nullable=False),
    sa.Column('legal_review_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['enforcement_case.id'], name='fk_penalty_decision_case_id'),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_penalty_decision_department_id'),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_penalty_decision_entity_id'),
    sa.ForeignKeyConstraint(['legal_review_id'], ['legal_review.id'], name='fk_penalty_decision_legal_review_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id'),
    sa.UniqueConstraint('number')
    )
    with op.batch_alter_table('penalty_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_penalty_decision_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_penalty_decision_entity_id'), ['entity_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('penalty_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_penalty_decision_entity_id'))
        batch_op.drop_index(batch_op.f('ix_penalty_decision_department_id'))

    op.drop_table('penalty_decision')
    with op.batch_alter_table('legal_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_review_case_id'))

    op.drop_table('legal_review')
    with op.batch_alter_table('disclosure_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_change_disclosure_id'))

    op.drop_table('disclosure_change')
    with op.batch_alter_table('case_transfer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_transfer_to_department_id'))
        batch_op.drop_index(batch_op.f('ix_case_transfer_from_department_id'))
        batch_op.drop_index(batch_op.f('ix_case_transfer_case_id'))

    op.drop_table('case_transfer')
    with op.batch_alter_table('enforcement_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enforcement_case_entity_id'))
        batch_op.drop_index('ix_enforcement_case_department')

    op.drop_table('enforcement_case')
    with op.batch_alter_table('disclosure', schema=None) as batch_op:
        batch_op.drop_index('ix_disclosure_uscc')
        batch_op.drop_index('ix_disclosure_department_status')
        batch_op.drop_index(batch_op.f('ix_disclosure_decided_on'))

    op.drop_table('disclosure')
    op.drop_table('department_credit_code')
    op.drop_table('exemption_rule')
    op.drop_table('enforcement_setting')
