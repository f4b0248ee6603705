"""closing the loop: a ticket's verification note and date (verified / reopened after a re-run)

Revision ID: loop01
Revises: 0002_sharing
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'loop01'
down_revision = '0002_sharing'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verification_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('verified_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('verified_on')
        batch_op.drop_column('verification_note')
