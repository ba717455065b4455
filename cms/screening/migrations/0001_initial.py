import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cms.core.db import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cms", "0013_security_event_password_set_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cms_security", "0001_initial"),
        ("columns", "0003_document_use"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables were made by the ``cms`` app's migrations (0001-0013) and stay as they are:
        # only Django's state of the models moves to this app (issue 12).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LexiconEntry",
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
                                    ("forbidden", "禁用词"),
                                    ("wrong_form", "严重表述错误"),
                                    ("sensitive", "敏感提示"),
                                    ("allow", "白名单"),
                                ],
                                max_length=16,
                                verbose_name="类型",
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("anti_constitution", "1. 反对宪法和党章"),
                                    ("anti_party_socialism", "2. 反对中国共产党和社会主义"),
                                    ("harm_honour_interests", "3. 损害党和国家荣誉和利益"),
                                    (
                                        "national_security",
                                        "4. 危害国家安全、泄露秘密、颠覆政权、破坏统一",
                                    ),
                                    ("ethnic_hatred", "5. 煽动民族仇恨、破坏民族团结"),
                                    (
                                        "religion_cult_superstition",
                                        "6. 破坏宗教政策、宣扬邪教和封建迷信",
                                    ),
                                    ("rumour_disorder", "7. 散布谣言、扰乱社会秩序"),
                                    ("insult_defamation", "8. 侮辱或诽谤他人"),
                                    ("other_unlawful", "9. 法律法规禁止的其他内容"),
                                    ("organisation_secrets", "10. 涉及单位和党组织秘密"),
                                    ("unpublished_statistics", "11. 不宜公开的统计数据"),
                                    (
                                        "unverified_controversial",
                                        "12. 未经证实或易引起歧义、引发争议",
                                    ),
                                    ("internal_party_affairs", "13. 其他不宜公开的党务信息"),
                                ],
                                help_text="禁用词必填（须人工研判的类别不能设禁用词）；敏感提示可填；其他类型不填。",
                                max_length=32,
                                verbose_name="类别",
                            ),
                        ),
                        (
                            "term",
                            models.CharField(db_index=True, max_length=100, verbose_name="词条"),
                        ),
                        (
                            "suggestion",
                            models.CharField(
                                blank=True,
                                help_text="仅严重表述错误填写。",
                                max_length=100,
                                verbose_name="正确写法",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                        ("active", models.BooleanField(default=True, verbose_name="启用")),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="修改时间"),
                        ),
                    ],
                    options={
                        "verbose_name": "筛查词条",
                        "verbose_name_plural": "筛查词库",
                        "db_table": "cms_lexiconentry",
                        "ordering": ["kind", "category", "term"],
                    },
                ),
                migrations.CreateModel(
                    name="LexiconVersion",
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
                        ("fingerprint", models.CharField(max_length=64, verbose_name="指纹")),
                        ("entry_count", models.PositiveIntegerField(verbose_name="启用词条数")),
                        (
                            "note",
                            models.CharField(blank=True, max_length=255, verbose_name="变更说明"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="时间"),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="操作人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "词库版本",
                        "verbose_name_plural": "词库版本",
                        "db_table": "cms_lexiconversion",
                        "ordering": ["-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ScreeningFinding",
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
                            "article_page_id",
                            models.PositiveBigIntegerField(verbose_name="页面编号"),
                        ),
                        ("article_title", models.CharField(max_length=255, verbose_name="标题")),
                        (
                            "revision_id",
                            models.PositiveBigIntegerField(null=True, verbose_name="线上版本"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("forbidden", "禁用词"),
                                    ("wrong_form", "严重表述错误"),
                                    ("sensitive", "敏感提示"),
                                    ("allow", "白名单"),
                                ],
                                max_length=16,
                                verbose_name="类型",
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("anti_constitution", "1. 反对宪法和党章"),
                                    ("anti_party_socialism", "2. 反对中国共产党和社会主义"),
                                    ("harm_honour_interests", "3. 损害党和国家荣誉和利益"),
                                    (
                                        "national_security",
                                        "4. 危害国家安全、泄露秘密、颠覆政权、破坏统一",
                                    ),
                                    ("ethnic_hatred", "5. 煽动民族仇恨、破坏民族团结"),
                                    (
                                        "religion_cult_superstition",
                                        "6. 破坏宗教政策、宣扬邪教和封建迷信",
                                    ),
                                    ("rumour_disorder", "7. 散布谣言、扰乱社会秩序"),
                                    ("insult_defamation", "8. 侮辱或诽谤他人"),
                                    ("other_unlawful", "9. 法律法规禁止的其他内容"),
                                    ("organisation_secrets", "10. 涉及单位和党组织秘密"),
                                    ("unpublished_statistics", "11. 不宜公开的统计数据"),
                                    (
                                        "unverified_controversial",
                                        "12. 未经证实或易引起歧义、引发争议",
                                    ),
                                    ("internal_party_affairs", "13. 其他不宜公开的党务信息"),
                                ],
                                max_length=32,
                                verbose_name="类别",
                            ),
                        ),
                        ("term", models.CharField(max_length=100, verbose_name="词条")),
                        ("matched", models.CharField(max_length=200, verbose_name="原文")),
                        ("field", models.CharField(max_length=200, verbose_name="位置")),
                        ("start", models.PositiveIntegerField(verbose_name="起始字")),
                        (
                            "suggestion",
                            models.CharField(blank=True, max_length=100, verbose_name="正确写法"),
                        ),
                        ("message", models.TextField(verbose_name="说明")),
                        (
                            "found_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="发现时间"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "待处理"),
                                    ("dismissed", "已忽略"),
                                    ("taken_down", "已下线"),
                                ],
                                db_index=True,
                                default="open",
                                max_length=16,
                                verbose_name="状态",
                            ),
                        ),
                        (
                            "resolved_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="处理时间"),
                        ),
                        ("resolution", models.TextField(blank=True, verbose_name="处理说明")),
                        (
                            "article",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="screening_findings",
                                to="columns.articlepage",
                                verbose_name="信息",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "复查发现",
                        "verbose_name_plural": "复查发现",
                        "db_table": "cms_screeningfinding",
                        "ordering": ["-found_at", "-pk"],
                    },
                ),
                migrations.AddField(
                    model_name="screeningfinding",
                    name="incident",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="findings",
                        to="cms_security.incident",
                        verbose_name="事件记录",
                    ),
                ),
                migrations.AddField(
                    model_name="screeningfinding",
                    name="lexicon_version",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="cms_screening.lexiconversion",
                        verbose_name="词库版本",
                    ),
                ),
                migrations.AddField(
                    model_name="screeningfinding",
                    name="resolved_by",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="处理人",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="screeningfinding",
                    constraint=models.UniqueConstraint(
                        fields=("article_page_id", "revision_id", "kind", "term", "field", "start"),
                        name="cms_finding_once_per_revision",
                    ),
                ),
            ],
        ),
        content_types_moved(
            from_label="cms",
            to_label="cms_screening",
            models=["lexiconentry", "lexiconversion", "screeningfinding"],
        ),
    ]
