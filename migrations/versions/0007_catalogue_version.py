"""catalogue version: a token replaced with every change of departments or catalogue items, so that
workers can cache the catalogue and see an import on their next request

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'catalogue_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(table, [{'id': 1, 'token': uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table('catalogue_version')
