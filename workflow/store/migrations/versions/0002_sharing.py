"""sharing: applications, grants, export packages (issue 10)

Revision ID: 0002_sharing
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_sharing'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('share_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=64), nullable=False),
    sa.Column('applied_by', sa.String(length=100), nullable=False),
    sa.Column('dataset', sa.String(length=64), nullable=False),
    sa.Column('provider', sa.String(length=64), nullable=False),
    sa.Column('share_class', sa.String(length=16), nullable=False),
    sa.Column('release_class', sa.String(length=16), nullable=False),
    sa.Column('share_mode', sa.String(length=16), nullable=False),
    sa.Column('access', sa.String(length=16), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('business_process', sa.Text(), nullable=False),
    sa.Column('scenario', sa.Text(), nullable=False),
    sa.Column('requested_until', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=24), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('consent_requested_on', sa.Date(), nullable=True),
    sa.Column('consent_due_on', sa.Date(), nullable=True),
    sa.Column('consent_due_estimated', sa.Boolean(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('refusal_basis_kind', sa.String(length=16), nullable=True),
    sa.Column('refusal_basis', sa.Text(), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=True),
    sa.Column('dispute_reason', sa.Text(), nullable=True),
    sa.Column('disputed_on', sa.Date(), nullable=True),
    sa.Column('ruling', sa.String(length=16), nullable=True),
    sa.Column('ruling_note', sa.Text(), nullable=True),
    sa.Column('ruled_on', sa.Date(), nullable=True),
    sa.Column('escalation_owner', sa.String(length=100), nullable=True),
    sa.Column('escalated_on', sa.Date(), nullable=True),
    sa.Column('escalation_due_on', sa.Date(), nullable=True),
    sa.Column('escalation_closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['provider'], ['units.code'], ),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('share_applications', schema=None) as batch_op:
        batch_op.create_index('ix_share_applications_provider_state', ['provider', 'state'], unique=False)
        batch_op.create_index('ix_share_applications_unit', ['unit'], unique=False)

    op.create_table('share_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=64), nullable=False),
    sa.Column('dataset', sa.String(length=64), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('release_class', sa.String(length=16), nullable=False),
    sa.Column('share_mode', sa.String(length=16), nullable=False),
    sa.Column('access', sa.String(length=16), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=100), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('flag_reason', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['share_applications.id'], ),
    sa.ForeignKeyConstraint(['unit'], ['units.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('application_id')
    )
    with op.batch_alter_table('share_grants', schema=None) as batch_op:
        batch_op.create_index('ix_share_grants_unit_dataset', ['unit', 'dataset'], unique=False)

    op.create_table('share_exports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('package', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('table_version', sa.Integer(), nullable=True),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('exported_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['grant_id'], ['share_grants.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('package')
    )


def downgrade() -> None:
    op.drop_table('share_exports')
    with op.batch_alter_table('share_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_share_grants_unit_dataset')
    op.drop_table('share_grants')
    with op.batch_alter_table('share_applications', schema=None) as batch_op:
        batch_op.drop_index('ix_share_applications_unit')
        batch_op.drop_index('ix_share_applications_provider_state')
    op.drop_table('share_applications')
