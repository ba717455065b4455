import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cms.core.db import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cms", "0013_security_event_password_set_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables were made by the ``cms`` app's migrations (0001-0013) and stay as they are:
        # only Django's state of the models moves to this app (issue 12).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PasswordRecord",
                    fields=[
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="xiuying_password",
                                serialize=False,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="账号",
                            ),
                        ),
                        ("changed_at", models.DateTimeField(verbose_name="密码设置时间")),
                        (
                            "must_change",
                            models.BooleanField(
                                default=False,
                                help_text="新建或被他人重置密码的账号，首次登录时必须修改密码。",
                                verbose_name="须修改密码",
                            ),
                        ),
                        (
                            "history",
                            models.JSONField(blank=True, default=list, verbose_name="近期密码摘要"),
                        ),
                    ],
                    options={
                        "verbose_name": "密码记录",
                        "verbose_name_plural": "密码记录",
                        "db_table": "cms_passwordrecord",
                    },
                ),
                migrations.CreateModel(
                    name="AccountSession",
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
                        ("token", models.CharField(max_length=64, verbose_name="会话令牌")),
                        ("started_at", models.DateTimeField(verbose_name="登录时间")),
                        (
                            "ip_address",
                            models.GenericIPAddressField(
                                blank=True, null=True, verbose_name="客户端地址"
                            ),
                        ),
                        (
                            "user_agent",
                            models.CharField(blank=True, max_length=300, verbose_name="设备"),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="xiuying_session",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="账号",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "当前会话",
                        "verbose_name_plural": "当前会话",
                        "db_table": "cms_accountsession",
                    },
                ),
                migrations.CreateModel(
                    name="AccountTokenVersion",
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
                            "version",
                            models.PositiveIntegerField(default=0, verbose_name="令牌版本"),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="xiuying_token_version",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="账号",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "账号令牌版本",
                        "verbose_name_plural": "账号令牌版本",
                        "db_table": "cms_accounttokenversion",
                    },
                ),
                migrations.CreateModel(
                    name="Incident",
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
                            "kind",
                            models.CharField(
                                choices=[
                                    ("harmful_content", "有害信息"),
                                    ("attack", "网络攻击"),
                                    ("other", "其他"),
                                ],
                                max_length=32,
                                verbose_name="事件类型",
                            ),
                        ),
                        ("summary", models.TextField(verbose_name="事件经过")),
                        ("occurred_at", models.DateTimeField(verbose_name="发现时间")),
                        (
                            "opened_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="记录时间"
                            ),
                        ),
                        ("opened_by_name", models.CharField(max_length=150, verbose_name="处置人")),
                        (
                            "article_page_id",
                            models.PositiveBigIntegerField(
                                blank=True, null=True, verbose_name="页面编号"
                            ),
                        ),
                        (
                            "article_title",
                            models.CharField(blank=True, max_length=255, verbose_name="涉及信息"),
                        ),
                        (
                            "article_url",
                            models.CharField(blank=True, max_length=500, verbose_name="信息地址"),
                        ),
                        ("actions_taken", models.TextField(verbose_name="处置措施")),
                        ("takedown_reason", models.TextField(blank=True, verbose_name="下线原因")),
                        (
                            "release_log_sequence",
                            models.PositiveBigIntegerField(
                                blank=True, null=True, verbose_name="发布日志序号"
                            ),
                        ),
                        (
                            "opened_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="处置人账号",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "事件记录",
                        "verbose_name_plural": "事件记录",
                        "db_table": "cms_incident",
                        "ordering": ["-opened_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="SecurityEvent",
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
                            "occurred_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="时间"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("login_success", "登录成功"),
                                    ("login_failure", "登录失败"),
                                    ("lockout", "账号锁定"),
                                    ("unlock", "解除锁定"),
                                    ("logout", "退出登录"),
                                    ("session_ended", "会话被终止"),
                                    ("password_changed", "修改密码"),
                                    ("password_expired", "密码过期"),
                                    ("totp_enrolled", "启用双因素认证"),
                                    ("totp_reset", "重置双因素认证"),
                                    ("totp_failure", "动态口令错误"),
                                    ("virus_found", "发现病毒"),
                                    ("scanner_down", "病毒扫描不可用"),
                                    ("upload_rejected", "上传被拒绝"),
                                    ("takedown", "信息下线"),
                                    ("attack", "疑似攻击"),
                                    ("role_changed", "角色变更"),
                                    ("permission_changed", "权限变更"),
                                    ("account_flags_changed", "超级管理员或职员身份变更"),
                                    ("privilege_refused", "越权变更被拒绝"),
                                    ("password_reset_requested", "申请重置密码"),
                                    ("password_set", "设置或清除他人密码"),
                                ],
                                db_index=True,
                                max_length=32,
                                verbose_name="类型",
                            ),
                        ),
                        (
                            "username",
                            models.CharField(blank=True, max_length=150, verbose_name="用户名"),
                        ),
                        (
                            "ip_address",
                            models.GenericIPAddressField(
                                blank=True, null=True, verbose_name="客户端地址"
                            ),
                        ),
                        (
                            "user_agent",
                            models.CharField(blank=True, max_length=300, verbose_name="设备"),
                        ),
                        ("detail", models.JSONField(blank=True, default=dict, verbose_name="详情")),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="security_events",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="账号",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "安全事件",
                        "verbose_name_plural": "安全事件",
                        "db_table": "cms_securityevent",
                        "ordering": ["-occurred_at"],
                    },
                ),
            ],
        ),
        content_types_moved(
            from_label="cms",
            to_label="cms_security",
            models=[
                "passwordrecord",
                "accountsession",
                "accounttokenversion",
                "incident",
                "securityevent",
            ],
        ),
    ]
