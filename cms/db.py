"""Database helpers shared by the project's migrations."""

from django.db import migrations


def postgresql_only(create_sql: str, drop_sql: str) -> migrations.RunPython:
    """A reversible migration operation that runs raw SQL on PostgreSQL and nothing elsewhere
    (the append-only and retention triggers are PostgreSQL's; SQLite is for trying things out)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create_sql, params=None)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop_sql, params=None)

    return migrations.RunPython(create, drop)
