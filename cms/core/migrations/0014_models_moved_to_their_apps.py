from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0013_security_event_password_set_kind"),
        ("cms_ops", "0001_initial"),
        ("cms_screening", "0001_initial"),
        ("cms_security", "0001_initial"),
    ]

    operations = [
        # The security records, the screening register and the worker's heartbeat are now the
        # models of cms.security, cms.screening and cms.ops, on the same tables (issue 12).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="accountsession",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="accounttokenversion",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="incident",
                    name="opened_by",
                ),
                migrations.RemoveField(
                    model_name="screeningfinding",
                    name="incident",
                ),
                migrations.DeleteModel(
                    name="LexiconEntry",
                ),
                migrations.RemoveField(
                    model_name="lexiconversion",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="screeningfinding",
                    name="lexicon_version",
                ),
                migrations.RemoveField(
                    model_name="passwordrecord",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="screeningfinding",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="screeningfinding",
                    name="resolved_by",
                ),
                migrations.RemoveField(
                    model_name="securityevent",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="WorkerHeartbeat",
                ),
                migrations.DeleteModel(
                    name="AccountSession",
                ),
                migrations.DeleteModel(
                    name="AccountTokenVersion",
                ),
                migrations.DeleteModel(
                    name="Incident",
                ),
                migrations.DeleteModel(
                    name="LexiconVersion",
                ),
                migrations.DeleteModel(
                    name="PasswordRecord",
                ),
                migrations.DeleteModel(
                    name="ScreeningFinding",
                ),
                migrations.DeleteModel(
                    name="SecurityEvent",
                ),
            ],
        ),
    ]
