"""The approval chain's records: the step task, the approval form (审批表), the release log.

The task is a thin adapter over ``workflows.rules``; what it writes goes through
``workflows.services``. The approval form and the release log keep snapshots (names, titles,
content) so that purging revisions, deleting documents or renaming people changes nothing in
them (R-10, R-11).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task

from cms.core.append_only import AppendOnlyModel
from workflows import rules

STEP_CHOICES = [(step, rules.STEP_LABELS[step]) for step in rules.STEPS]


class ChainStepTask(Task):
    """One step of the chain; the workflow holds the seven steps in order."""

    step = models.CharField(_("环节"), max_length=32, choices=STEP_CHOICES, unique=True)

    admin_form_fields = Task.admin_form_fields + ["step"]
    admin_form_readonly_on_edit_fields = Task.admin_form_readonly_on_edit_fields + ["step"]

    class Meta:
        verbose_name = _("审批环节")
        verbose_name_plural = _("审批环节")

    @classmethod
    def get_description(cls):
        return _("秀英党建网信息发布审批链中的一个环节，谁可办理由制度规则决定。")

    def start(self, workflow_state, user=None):
        from workflows import task_adapter

        return task_adapter.start(self, workflow_state, user)

    def user_can_access_editor(self, obj, user):
        from workflows import task_adapter

        return task_adapter.may_view(self, obj, user)

    def locked_for_user(self, obj, user):
        # Locked to everyone but the drafter and whoever may sign this step; any edit during
        # review makes a new revision, and the chain starts again from the drafter.
        from workflows import task_adapter

        return not task_adapter.may_edit_during_review(self, obj, user)

    def get_actions(self, obj, user):
        from workflows import task_adapter

        return task_adapter.actions(self, obj, user)

    def get_form_for_action(self, action):
        from workflows.forms import FORMS

        return FORMS.get(action)

    def get_template_for_action(self, action):
        return "workflows/approve_modal.html" if action == "approve" else ""

    def on_action(self, task_state, user, action_name, **kwargs):
        from workflows import services

        return services.step_act(task_state=task_state, user=user, action=action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from workflows import selectors

        return selectors.task_states_user_may_sign(user, task=self)


class ApprovalForm(models.Model):
    """《秀英党建网信息发布审批表》: one per run of the chain on an item (R-10)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("审批中")
        REJECTED = "rejected", _("退回修改")
        APPROVED = "approved", _("审批通过")
        CANCELLED = "cancelled", _("已撤回")

    workflow_state = models.OneToOneField(
        "wagtailcore.WorkflowState",
        null=True,
        on_delete=models.SET_NULL,
        related_name="approval_form",
        verbose_name=_("流程"),
    )
    article = models.ForeignKey(
        "columns.ArticlePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="approval_forms",
        verbose_name=_("信息"),
    )
    article_page_id = models.PositiveBigIntegerField(_("页面编号"), db_index=True)
    # Kept current at every step start, so the review queues filter without walking the tree.
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("拟稿人账号"),
    )
    source_unit = models.ForeignKey(
        "cms.Unit", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    column_owner = models.ForeignKey(
        "cms.Unit", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    article_title = models.CharField(_("标题"), max_length=255)
    column_title = models.CharField(_("栏目"), max_length=255)
    column_owner_name = models.CharField(_("栏目责任科室"), max_length=100)
    source_unit_name = models.CharField(_("来源单位"), max_length=100)
    drafter_name = models.CharField(_("拟稿人"), max_length=150)
    liaison_name = models.CharField(_("信息联络员"), max_length=150, blank=True)
    is_major_sensitive = models.BooleanField(_("重大、敏感信息"), default=False)
    # The sensitive markers screening found in the draft: they too bring the minister in.
    screening_markers = models.CharField(_("信息筛查敏感标记"), max_length=255, blank=True)
    # Near-duplicates found when the step started (issue 16): shown, never blocking.
    screening_duplicates = models.CharField(_("疑似重复信息"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("提交人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    approved_revision_id = models.PositiveBigIntegerField(
        _("核准版本"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("信息发布审批表")
        verbose_name_plural = _("信息发布审批表")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.article_title}（{self.get_status_display()}）"


class ApprovalStep(models.Model):
    """One line of the approval form: a step started, signed, rejected or skipped."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待办理")
        APPROVED = "approved", _("同意")
        REJECTED = "rejected", _("退回")
        SKIPPED = "skipped", _("不适用")
        CANCELLED = "cancelled", _("已撤销")

    form = models.ForeignKey(
        ApprovalForm, on_delete=models.CASCADE, related_name="steps", verbose_name=_("审批表")
    )
    step = models.CharField(_("环节"), max_length=32, choices=STEP_CHOICES)
    decision = models.CharField(
        _("意见"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    task_state_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    revision_id = models.PositiveBigIntegerField(_("版本"))
    started_at = models.DateTimeField(_("开始时间"))
    decided_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="approval_steps",
        verbose_name=_("签批人"),
    )
    signer_name = models.CharField(_("签批人姓名"), max_length=150, blank=True)
    signer_unit_name = models.CharField(_("签批人单位"), max_length=100, blank=True)
    comment = models.TextField(_("意见说明"), blank=True)
    skip_reason = models.CharField(_("不适用原因"), max_length=255, blank=True)
    checklist_confirmed = models.BooleanField(_("已核查禁止发布信息清单"), default=False)
    working_seconds = models.PositiveIntegerField(_("用时（工作秒）"), null=True, blank=True)

    class Meta:
        verbose_name = _("审批环节记录")
        verbose_name_plural = _("审批环节记录")
        ordering = ["started_at", "pk"]
        indexes = [models.Index(fields=["decision", "step", "started_at"])]

    def __str__(self):
        return f"{self.get_step_display()}：{self.get_decision_display()}"


RELEASE_LOG_IMMUTABLE = "信息发布日志只能追加，不能修改或删除。"


class ReleaseLogImmutable(Exception):
    pass


class ReleaseLogEntry(AppendOnlyModel):
    """信息发布日志: one append-only, sealed and chained entry per release and per takedown
    (R-11).

    ``entry_sha256`` holds the entry's seal (issue 15): HMAC-SM3 with a key kept outside the
    database over every field and ``previous_sha256``, naming its algorithm and key version;
    entries made before the keys existed keep their plain SHA-256 (``seal_algorithm`` "sha256").
    Changing or removing an entry behind the application's back breaks the chain, and a rewrite
    that recomputes every hash is found against the anchors (``manage.py audit_releases
    --anchors``). PostgreSQL also refuses UPDATE and DELETE with a trigger (migration 0002).
    """

    class Kind(models.TextChoices):
        RELEASE = "release", _("发布")
        TAKEDOWN = "takedown", _("下线")
        # The chain goes on under another seal algorithm or key version from this entry on.
        SEAL_SWITCH = "seal_switch", _("封印切换")

    sequence = models.PositiveBigIntegerField(_("序号"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    recorded_at = models.DateTimeField(_("记录时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    article_page_id = models.PositiveBigIntegerField(_("页面编号"), db_index=True)
    article_title = models.CharField(_("标题"), max_length=255)
    column_title = models.CharField(_("栏目"), max_length=255)
    revision_id = models.PositiveBigIntegerField(_("发布版本"), null=True, blank=True)
    content_sha256 = models.CharField(_("内容SHA-256"), max_length=64)
    approved_content = models.JSONField(_("核准内容存档"))
    approval_form = models.ForeignKey(
        ApprovalForm,
        null=True,
        on_delete=models.PROTECT,
        related_name="release_log_entries",
        verbose_name=_("审批表"),
    )
    approval_form_snapshot = models.JSONField(_("审批表存档"), default=dict)
    materials = models.JSONField(_("原始资料存档"), default=list)
    reason = models.TextField(_("原因"), blank=True)
    previous_sha256 = models.CharField(_("上一条封印"), max_length=64)
    entry_sha256 = models.CharField(_("本条封印"), max_length=64, unique=True)
    seal_algorithm = models.CharField(_("封印算法"), max_length=16, default="sha256")
    seal_key_version = models.PositiveIntegerField(_("封印密钥版本"), null=True, blank=True)

    class Meta:
        verbose_name = _("信息发布日志")
        verbose_name_plural = _("信息发布日志")
        ordering = ["-sequence"]

    def __str__(self):
        return f"#{self.sequence} {self.get_kind_display()} {self.article_title}"

    @classmethod
    def append_only_refusal(cls) -> Exception:
        return ReleaseLogImmutable(RELEASE_LOG_IMMUTABLE)
