"""credit evaluation, dishonesty lists, risk assessment, credit repair

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('credit_standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_credit_standard_department_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('version')
    )
    op.create_table('joint_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('matter', sa.String(length=300), nullable=False),
    sa.Column('target_list', sa.String(length=32), nullable=True),
    sa.Column('target_grades', sa.JSON(), nullable=False),
    sa.Column('target', sa.String(length=300), nullable=False),
    sa.Column('means', sa.Text(), nullable=False),
    sa.Column('acts', sa.JSON(), nullable=False),
    sa.Column('implementing_department_id', sa.Integer(), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['implementing_department_id'], ['department.id'], name='fk_joint_measure_implementing_department_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('risk_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('industry_code', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.Column('indicators', sa.JSON(), nullable=False),
    sa.Column('report_use', sa.Text(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_risk_rule_department_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('credit_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('standard_version', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=8), nullable=False),
    sa.Column('contributions', sa.JSON(), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_credit_evaluation_entity_id'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_credit_evaluation_entity_current', 'credit_evaluation', ['entity_id', 'current'], unique=False)
    op.create_table('credit_fact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=True),
    sa.Column('source_department_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('source_type', sa.String(length=32), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_credit_fact_entity_id'),
    sa.ForeignKeyConstraint(['source_department_id'], ['department.id'], name='fk_credit_fact_source_department_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_type', 'source_id', 'kind', name='uq_credit_fact_source')
    )
    op.create_index('ix_credit_fact_entity_state', 'credit_fact', ['entity_id', 'state'], unique=False)
    op.create_table('risk_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('process', sa.Text(), nullable=False),
    sa.Column('indicators_method', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('third_party', sa.String(length=200), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_risk_assessment_department_id'),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_risk_assessment_entity_id'),
    sa.ForeignKeyConstraint(['rule_id'], ['risk_rule.id'], name='fk_risk_assessment_rule_id'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_risk_assessment_entity_current', 'risk_assessment', ['entity_id', 'current'], unique=False)
    op.create_table('list_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('list_kind', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=False),
    sa.Column('fact_id', sa.Integer(), nullable=False),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('removal_reason', sa.Text(), nullable=True),
    sa.Column('removed_by_department_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_list_entry_department_id'),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_list_entry_entity_id'),
    sa.ForeignKeyConstraint(['fact_id'], ['credit_fact.id'], name='fk_list_entry_fact_id'),
    sa.ForeignKeyConstraint(['removed_by_department_id'], ['department.id'], name='fk_list_entry_removed_by_department_id'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_list_entry_entity_removed', 'list_entry', ['entity_id', 'removed_on'], unique=False)
    op.create_table('repair_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fact_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('filed_by', sa.String(length=64), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('due_provisional', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name='fk_repair_request_department_id'),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name='fk_repair_request_entity_id'),
    sa.ForeignKeyConstraint(['fact_id'], ['credit_fact.id'], name='fk_repair_request_fact_id'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_repair_request_department_status', 'repair_request', ['department_id', 'status'], unique=False)
    op.create_index(op.f('ix_repair_request_entity_id'), 'repair_request', ['entity_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_repair_request_entity_id'), table_name='repair_request')
    op.drop_index('ix_repair_request_department_status', table_name='repair_request')
    op.drop_table('repair_request')
    op.drop_index('ix_list_entry_entity_removed', table_name='list_entry')
    op.drop_table('list_entry')
    op.drop_index('ix_risk_assessment_entity_current', table_name='risk_assessment')
    op.drop_table('risk_assessment')
    op.drop_index('ix_credit_fact_entity_state', table_name='credit_fact')
    op.drop_table('credit_fact')
    op.drop_index('ix_credit_evaluation_entity_current', table_name='credit_evaluation')
    op.drop_table('credit_evaluation')
    op.drop_table('risk_rule')
    op.drop_table('joint_measure')
    op.drop_table('credit_standard')
