"""The shipped screening lexicon stored as rows on a site whose lexicon was never stored (issue 11,
R-12): the defaults are data from the start, so that adding or importing an entry adds to them.

A site that already stored a lexicon keeps it as it is; ``manage.py import_lexicon --defaults``
merges the shipped entries into it.
"""

from django.db import migrations


def store_defaults(apps, schema_editor):
    from cms.screening.engine import DEFAULT_LEXICON_RELEASE, default_entries, lexicon_fingerprint

    entry_model = apps.get_model("cms", "LexiconEntry")
    version_model = apps.get_model("cms", "LexiconVersion")
    if entry_model.objects.exists() or version_model.objects.exists():
        return
    entries = default_entries()
    entry_model.objects.bulk_create(
        entry_model(
            kind=str(e.kind), term=e.term, category=e.category, suggestion=e.suggestion, note=e.note
        )
        for e in entries
    )
    version_model.objects.create(
        fingerprint=lexicon_fingerprint(entries),
        entry_count=len(entries),
        note=f"载入内置默认词库（{DEFAULT_LEXICON_RELEASE}版）",
    )


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_security_event_privilege_kinds")]

    operations = [migrations.RunPython(store_defaults, migrations.RunPython.noop)]
