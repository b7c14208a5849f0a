"""full-text search index kept in sync by triggers (SQLite FTS5)

Revision ID: 0002_search
Revises: 0001_initial
"""

from alembic import op

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return  # other backends search with LIKE; see coachtui.store.search
    from coachtui.store import search_sql

    op.execute(search_sql.CREATE_INDEX)
    for statement in search_sql.trigger_statements() + search_sql.backfill_statements():
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from coachtui.store import search_sql

    for statement in search_sql.drop_statements():
        op.execute(statement)
