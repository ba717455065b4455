"""Data migrations that encrypt an existing column in place, and decrypt it on the way back.

Raw SQL on purpose: the historical model's field encrypts on save, which the backward step must
not do. Rows already encrypted are left as they are, so the step can be run again."""

from django.db import migrations

from cms.core.crypto.fields import decrypt_text, encrypt_text, is_ciphertext


def _rows(schema_editor, table: str, column: str):
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608
        return cursor.fetchall()


def _write(schema_editor, table: str, column: str, changes) -> None:
    quote = schema_editor.quote_name
    sql = f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s"  # noqa: S608
    with schema_editor.connection.cursor() as cursor:
        for pk, value in changes:
            cursor.execute(sql, [value, pk])


def column_encrypted(*, app_label: str, model: str, field: str) -> migrations.RunPython:
    def forward(apps, schema_editor):
        options = apps.get_model(app_label, model)._meta
        purpose = options.get_field(field).purpose
        table, column = options.db_table, options.get_field(field).column
        changes = [
            (pk, encrypt_text(value, purpose=purpose))
            for pk, value in _rows(schema_editor, table, column)
            if value and not is_ciphertext(value)
        ]
        _write(schema_editor, table, column, changes)

    def backward(apps, schema_editor):
        options = apps.get_model(app_label, model)._meta
        purpose = options.get_field(field).purpose
        table, column = options.db_table, options.get_field(field).column
        changes = [
            (pk, decrypt_text(value, purpose=purpose))
            for pk, value in _rows(schema_editor, table, column)
            if is_ciphertext(value)
        ]
        _write(schema_editor, table, column, changes)

    return migrations.RunPython(forward, backward)


def revisions_encrypted(*, app_label: str, model: str, field: str) -> migrations.RunPython:
    """The same field inside the model's Wagtail revisions (their JSON ``content``)."""

    def change(apps, schema_editor, transform):
        purpose = apps.get_model(app_label, model)._meta.get_field(field).purpose
        revision = apps.get_model("wagtailcore", "Revision")
        mine = revision.objects.using(schema_editor.connection.alias).filter(
            base_content_type__app_label=app_label, base_content_type__model=model.lower()
        )
        for pk, content in mine.values_list("pk", "content").iterator():
            value = (content or {}).get(field)
            new = transform(value, purpose) if value else value
            if new != value:
                mine.filter(pk=pk).update(content={**content, field: new})

    def forward(apps, schema_editor):
        change(apps, schema_editor, _encrypted)

    def backward(apps, schema_editor):
        change(apps, schema_editor, _decrypted)

    return migrations.RunPython(forward, backward)


def _encrypted(value, purpose):
    return value if is_ciphertext(value) else encrypt_text(value, purpose=purpose)


def _decrypted(value, purpose):
    return decrypt_text(value, purpose=purpose) if is_ciphertext(value) else value
