"""random inspection lists, directories, draws, tasks and results

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inspection_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('method', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('department_id', 'code', name='uq_inspection_item_department_code')
    )
    with op.batch_alter_table('inspection_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_item_department_id'), ['department_id'], unique=False)

    op.create_table('inspection_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('item_ids', sa.JSON(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('ratio', sa.String(length=16), nullable=True),
    sa.Column('target_count', sa.Integer(), nullable=True),
    sa.Column('team_size', sa.Integer(), nullable=False),
    sa.Column('check_start', sa.Date(), nullable=False),
    sa.Column('check_end', sa.Date(), nullable=False),
    sa.Column('results_due', sa.Date(), nullable=False),
    sa.Column('probability_table', sa.JSON(), nullable=False),
    sa.Column('key_focus', sa.String(length=16), nullable=False),
    sa.Column('key_focus_weight', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('seed_hash', sa.String(length=64), nullable=True),
    sa.Column('snapshot_hash', sa.String(length=64), nullable=True),
    sa.Column('committed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_plan_department_status', ['department_id', 'status'], unique=False)

    op.create_table('list_publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('department_id', 'year', 'kind', 'version', name='uq_list_publication_version')
    )
    with op.batch_alter_table('list_publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_list_publication_department_id'), ['department_id'], unique=False)

    op.create_table('conflict_declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('staff_id', 'entity_id', name='uq_conflict_declaration')
    )
    with op.batch_alter_table('conflict_declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_declaration_staff_id'), ['staff_id'], unique=False)

    op.create_table('inspection_draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('snapshot_hash', sa.String(length=64), nullable=False),
    sa.Column('seed', sa.String(length=128), nullable=False),
    sa.Column('seed_hash', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('result_hash', sa.String(length=64), nullable=True),
    sa.Column('seed_revealed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id')
    )
    op.create_table('joint_participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('lead', sa.Boolean(), nullable=False),
    sa.Column('item_ids', sa.JSON(), nullable=False),
    sa.Column('inspector_ids', sa.JSON(), nullable=False),
    sa.Column('invited_on', sa.Date(), nullable=False),
    sa.Column('confirm_due', sa.Date(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'department_id', name='uq_joint_participation')
    )
    with op.batch_alter_table('joint_participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_joint_participation_department_id'), ['department_id'], unique=False)

    op.create_table('key_focus_object',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('department_id', 'entity_id', name='uq_key_focus_object')
    )
    with op.batch_alter_table('key_focus_object', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_key_focus_object_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_key_focus_object_entity_id'), ['entity_id'], unique=False)

    op.create_table('non_draw_inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('inspector_ids', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('non_draw_inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_non_draw_inspection_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_non_draw_inspection_entity_id'), ['entity_id'], unique=False)

    op.create_table('uncoded_object',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('responsible_entity_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['responsible_entity_id'], ['market_entity.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('uncoded_object', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uncoded_object_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_uncoded_object_responsible_entity_id'), ['responsible_entity_id'], unique=False)

    op.create_table('inspection_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('uncoded_object_id', sa.Integer(), nullable=True),
    sa.Column('object_key', sa.String(length=32), nullable=False),
    sa.Column('inspector_ids', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('results_due', sa.Date(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.String(length=32), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['inspection_plan.id'], ),
    sa.ForeignKeyConstraint(['uncoded_object_id'], ['uncoded_object.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inspection_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_task_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index('ix_inspection_task_plan', ['plan_id'], unique=False)
        batch_op.create_index('ix_inspection_task_status_due', ['status', 'results_due'], unique=False)

    op.create_table('assistance_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('from_department_id', sa.Integer(), nullable=False),
    sa.Column('to_department_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], ),
    sa.ForeignKeyConstraint(['from_department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['task_id'], ['inspection_task.id'], ),
    sa.ForeignKeyConstraint(['to_department_id'], ['department.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assistance_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assistance_request_from_department_id'), ['from_department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assistance_request_to_department_id'), ['to_department_id'], unique=False)

    op.create_table('task_department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['task_id'], ['inspection_task.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('task_id', 'department_id', name='uq_task_department')
    )
    with op.batch_alter_table('task_department', schema=None) as batch_op:
        batch_op.create_index('ix_task_department_department_task', ['department_id', 'task_id'], unique=False)

    op.create_table('item_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.String(length=64), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], ),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigation.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['inspection_item.id'], ),
    sa.ForeignKeyConstraint(['task_id'], ['inspection_task.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('task_id', 'item_id', name='uq_item_result')
    )
    with op.batch_alter_table('item_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_result_task_id'), ['task_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('item_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_result_task_id'))

    op.drop_table('item_result')
    with op.batch_alter_table('task_department', schema=None) as batch_op:
        batch_op.drop_index('ix_task_department_department_task')

    op.drop_table('task_department')
    with op.batch_alter_table('assistance_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assistance_request_to_department_id'))
        batch_op.drop_index(batch_op.f('ix_assistance_request_from_department_id'))

    op.drop_table('assistance_request')
    with op.batch_alter_table('inspection_task', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_task_status_due')
        batch_op.drop_index('ix_inspection_task_plan')
        batch_op.drop_index(batch_op.f('ix_inspection_task_entity_id'))

    op.drop_table('inspection_task')
    with op.batch_alter_table('uncoded_object', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uncoded_object_responsible_entity_id'))
        batch_op.drop_index(batch_op.f('ix_uncoded_object_department_id'))

    op.drop_table('uncoded_object')
    with op.batch_alter_table('non_draw_inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_non_draw_inspection_entity_id'))
        batch_op.drop_index(batch_op.f('ix_non_draw_inspection_department_id'))

    op.drop_table('non_draw_inspection')
    with op.batch_alter_table('key_focus_object', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_key_focus_object_entity_id'))
        batch_op.drop_index(batch_op.f('ix_key_focus_object_department_id'))

    op.drop_table('key_focus_object')
    with op.batch_alter_table('joint_participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_joint_participation_department_id'))

    op.drop_table('joint_participation')
    op.drop_table('inspection_draw')
    with op.batch_alter_table('conflict_declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_declaration_staff_id'))

    op.drop_table('conflict_declaration')
    with op.batch_alter_table('list_publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_list_publication_department_id'))

    op.drop_table('list_publication')
    with op.batch_alter_table('inspection_plan', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_plan_department_status')

    op.drop_table('inspection_plan')
    with op.batch_alter_table('inspection_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_item_department_id'))

    op.drop_table('inspection_item')
