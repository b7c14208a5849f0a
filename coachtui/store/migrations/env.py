"""Alembic environment: always run on the connection coachtui hands in."""

from alembic import context

from coachtui.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run by hand without coachtui
    raise RuntimeError("run migrations through coachtui, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
