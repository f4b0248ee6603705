"""sharing: per-grant counters shared by every serving process (rate limit, bulk watch)

Revision ID: share02
Revises: loop01
Create Date: 2026-12-03

The rate limit's token bucket and the bulk-extraction watch of each grant, moved out of the
serving process so that several `dw serve` processes on one store count the same calls.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'share02'
down_revision = 'loop01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('share_grant_usage',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('tokens', sa.Float(), nullable=False),
    sa.Column('tokens_at', sa.Float(), nullable=False),
    sa.Column('recent', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['share_grants.id'], ),
    sa.PrimaryKeyConstraint('grant_id')
    )
    op.create_table('share_lookup_keys',
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=32), nullable=False),
    sa.Column('last_at', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['share_grants.id'], ),
    sa.PrimaryKeyConstraint('grant_id', 'digest')
    )
    with op.batch_alter_table('share_lookup_keys', schema=None) as batch_op:
        batch_op.create_index('ix_share_lookup_keys_grant_at', ['grant_id', 'last_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('share_lookup_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_share_lookup_keys_grant_at')

    op.drop_table('share_lookup_keys')
    op.drop_table('share_grant_usage')
