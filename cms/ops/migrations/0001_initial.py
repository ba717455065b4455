from django.db import migrations, models

from cms.core.db import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cms", "0013_security_event_password_set_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The tables were made by the ``cms`` app's migrations (0001-0013) and stay as they are:
        # only Django's state of the models moves to this app (issue 12).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkerHeartbeat",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "worker_id",
                            models.CharField(max_length=64, unique=True, verbose_name="进程标识"),
                        ),
                        ("hostname", models.CharField(max_length=255, verbose_name="主机名")),
                        ("pid", models.PositiveIntegerField(verbose_name="进程号")),
                        ("started_at", models.DateTimeField(verbose_name="启动时间")),
                        ("beat_at", models.DateTimeField(db_index=True, verbose_name="最近心跳")),
                    ],
                    options={
                        "verbose_name": "后台任务进程心跳",
                        "verbose_name_plural": "后台任务进程心跳",
                        "db_table": "cms_workerheartbeat",
                    },
                ),
            ],
        ),
        content_types_moved(from_label="cms", to_label="cms_ops", models=["workerheartbeat"]),
    ]
