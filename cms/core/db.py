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


def content_types_moved(*, from_label: str, to_label: str, models: list[str]):
    """A migration operation for models whose state moved to another app (their tables stay):
    their content types take the new app label, so permissions granted on them, revisions and
    log entries stay attached. A content type the new app already has is left as it is."""

    def move(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        alias = schema_editor.connection.alias
        for model in models:
            taken = content_type.objects.using(alias).filter(app_label=to_label, model=model)
            if not taken.exists():
                content_type.objects.using(alias).filter(app_label=from_label, model=model).update(
                    app_label=to_label
                )

    def move_back(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        alias = schema_editor.connection.alias
        content_type.objects.using(alias).filter(app_label=to_label, model__in=models).update(
            app_label=from_label
        )

    return migrations.RunPython(move, move_back)
