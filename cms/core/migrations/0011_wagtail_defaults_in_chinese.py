"""Wagtail's initial data in Chinese (R-23): the admin shows these names as they are stored,
e.g. "正在浏览: Root", the groups on the account form and the workflow filter of the reports.
Only rows that still carry Wagtail's English name are renamed."""

from django.db import migrations

# (app label, model, field, Wagtail's name, ours)
RENAMES = [
    ("wagtailcore", "Page", "title", "Root", "根目录"),
    ("wagtailcore", "Page", "draft_title", "Root", "根目录"),
    ("wagtailcore", "Collection", "name", "Root", "根目录"),
    ("auth", "Group", "name", "Moderators", "审核员（Wagtail 默认组）"),
    ("auth", "Group", "name", "Editors", "编辑（Wagtail 默认组）"),
    ("wagtailcore", "Workflow", "name", "Moderators approval", "Wagtail 默认审批流程"),
    ("wagtailcore", "Task", "name", "Moderators approval", "Wagtail 默认审核任务"),
]


def _rename(apps, forward: bool) -> None:
    for app_label, model_name, field, english, chinese in RENAMES:
        old, new = (english, chinese) if forward else (chinese, english)
        model = apps.get_model(app_label, model_name)
        rows = model.objects.filter(**{field: old})
        if model_name in {"Page", "Collection"}:
            rows = rows.filter(depth=1)  # the root only
        rows.update(**{field: new})


def forwards(apps, schema_editor):
    _rename(apps, forward=True)


def backwards(apps, schema_editor):
    _rename(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0010_account_token_version"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
