"""Alerts to 网站专管员 (R-18): lockouts, sign-in failures across accounts from one address,
viruses found and the scanner being down, by email, at most one per subject per window; and
every change of roles or permissions, every reset of another account's password or second factor,
and every refused attempt, to 网站专管员 and 组织部长 (R-13, R-14), one mail each; a reset is
mailed to the account's holder too.

Signals repeat (django-axes sends ``user_locked_out`` on every attempt during a lockout), so each
alert takes a cache key with ``cache.add``, which is atomic in Redis and in local memory: the
first sender in the window mails, the rest are quiet. The receivers are connected in
``cms.security.wagtail_hooks_audit``.
"""

import hashlib
import logging

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils import timezone

from cms.core.conf import get_setting, role_name
from cms.core.office_time import office_text
from cms.security.client_ip import client_ip
from cms.security.events import security_event_record
from cms.security.models import SecurityEvent

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "【秀英党建网安全告警】"
SUBJECT_LOCKOUT = "账号被锁定：{username}"
SUBJECT_SPRAY = "同一地址多个账号登录失败：{ip}"
SUBJECT_VIRUS = "上传文件检出病毒：{signature}"
SUBJECT_SCANNER_DOWN = "病毒扫描服务不可用"
BODY_LOCKOUT = "账号“{username}”因连续登录失败已被锁定，来源地址：{ip}。"
BODY_SPRAY = "地址 {ip} 在 {minutes} 分钟内以 {count} 个不同账号登录失败，疑似撞库或暴力破解攻击。"
BODY_VIRUS = "账号“{username}”（地址 {ip}）上传的文件“{filename}”检出病毒 {signature}，已拒绝保存。"
BODY_SCANNER_DOWN = "病毒扫描服务（clamd）无法连接，上传已全部拒绝（{detail}），请尽快处理。"
SUBJECT_PRIVILEGE = "账号角色或权限变更：{target}"
SUBJECT_PRIVILEGE_REFUSED = "越权变更被拒绝：{target}"
SUBJECT_CREDENTIALS = "他人{action}了账号的{what}：{target}"
SUBJECT_CREDENTIALS_HOLDER = "您的账号{what}已被{action}"
BODY_PRIVILEGE = "{actor}（地址 {ip}）变更了“{target}”的{what}。\n变更前：{before}\n变更后：{after}"
BODY_PRIVILEGE_REFUSED = "{actor}（地址 {ip}）试图变更“{target}”的{what}，已拒绝：{reasons}"
BODY_CREDENTIALS = "{actor}（地址 {ip}）{action}了账号“{target}”的{what}。"
BODY_CREDENTIALS_HOLDER = (
    "您的账号“{target}”的{what}已由{actor}{action}。{next_step}"
    "如非您本人申请，请立即联系网站专管员。"
)
NEXT_STEP = {
    ("密码", "设置"): "下次登录时须先设置只有您本人知道的新密码。",
    ("密码", "清除"): "重新设置密码之前，该账号无法登录。",
    ("双因素认证", "重置"): "下次登录时须重新绑定手机验证器。",
}
BODY_FOOTER_HOLDER = "时间：{time}（北京时间）。本邮件由系统自动发送。"
# Who hears of role and permission changes: the security officer and, because the officer may
# be the one acting, the minister too.
PRIVILEGE_ALERT_ROLES = ("site_specialist", "minister")
BODY_FOOTER_EACH = "时间：{time}（北京时间）。每次变更单独通知；详情见后台“安全审计”。"
BODY_FOOTER = (
    "时间：{time}（北京时间）。同类告警在 {window} 分钟内不再重复发送；详情见后台“安全审计”。"
)


def alert_recipients(roles=("site_specialist",)) -> list[str]:
    """Active accounts of ``roles`` (网站专管员) with an email address, and the extra addresses
    configured."""
    emails = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role_name(role) for role in roles])
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails) | set(get_setting("ALERT_EXTRA_EMAILS")))


def alert_send(
    *,
    key: str,
    subject: str,
    body: str,
    roles=("site_specialist",),
    footer=BODY_FOOTER,
    recipients=None,
) -> bool:
    """Mail the specialists (or ``recipients``) unless this key was alerted in the window;
    True if this one was."""
    window = get_setting("ALERT_WINDOW_MINUTES")
    if not cache.add(f"xiuying:alert:{_digest(key)}", 1, timeout=window * 60):
        return False
    now = office_text(timezone.now())
    footer = footer.format(time=now, window=window)
    recipients = alert_recipients(roles) if recipients is None else recipients
    if not recipients:
        logger.warning("security alert %r has no recipients (no %s with email)", key, roles)
        return True
    try:
        send_mail(SUBJECT_PREFIX + subject, f"{body}\n\n{footer}\n", None, recipients)
    except Exception:  # noqa: BLE001 - an alert must never break the request that raised it
        logger.exception("sending security alert %r failed", key)
    return True


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]


def alert_lockout(*, username: str, ip_address: str | None) -> bool:
    return alert_send(
        key=f"lockout:{username}:{ip_address}",
        subject=SUBJECT_LOCKOUT.format(username=username),
        body=BODY_LOCKOUT.format(username=username, ip=ip_address or "未知"),
    )


def alert_virus_found(*, event: SecurityEvent) -> bool:
    signature = "、".join(event.detail.get("signatures", [])) or "未知"
    return alert_send(
        key=f"virus:{event.username}:{event.ip_address}:{signature}",
        subject=SUBJECT_VIRUS.format(signature=signature),
        body=BODY_VIRUS.format(
            username=event.username or "（脚本）",
            ip=event.ip_address or "本机",
            filename=event.detail.get("filename", ""),
            signature=signature,
        ),
    )


def alert_scanner_down(*, detail: str) -> bool:
    return alert_send(
        key="scanner_down",
        subject=SUBJECT_SCANNER_DOWN,
        body=BODY_SCANNER_DOWN.format(detail=detail),
    )


def _listed(values) -> str:
    return "、".join(values) if values else "（无）"


def alert_privilege(event: SecurityEvent) -> bool:
    """One mail per change or refused attempt (the event's id is the key): none is folded."""
    detail = event.detail
    refused = event.kind == SecurityEvent.Kind.PRIVILEGE_REFUSED
    fields = {
        "actor": event.username or "（脚本）",
        "ip": event.ip_address or "本机",
        "target": detail.get("target", ""),
        "what": detail.get("what", ""),
    }
    if refused:
        body = BODY_PRIVILEGE_REFUSED.format(**fields, reasons="".join(detail.get("reasons", [])))
    else:
        before, after = _listed(detail.get("before")), _listed(detail.get("after"))
        body = BODY_PRIVILEGE.format(**fields, before=before, after=after)
    subject = SUBJECT_PRIVILEGE_REFUSED if refused else SUBJECT_PRIVILEGE
    return alert_send(
        key=f"privilege:{event.pk}",
        subject=subject.format(target=fields["target"]),
        body=body,
        roles=PRIVILEGE_ALERT_ROLES,
        footer=BODY_FOOTER_EACH,
    )


def alert_credentials(event: SecurityEvent, *, holder_emails=()) -> None:
    """A reset of another account's password or second factor: one mail to 网站专管员 and
    组织部长, one to the account's holder at each address it had."""
    detail = event.detail
    fields = {
        "actor": event.username or "（脚本）",
        "ip": event.ip_address or "本机",
        "target": detail.get("target", ""),
        "what": detail.get("what", ""),
        "action": detail.get("action", ""),
    }
    alert_send(
        key=f"credentials:{event.pk}",
        subject=SUBJECT_CREDENTIALS.format(**fields),
        body=BODY_CREDENTIALS.format(**fields),
        roles=PRIVILEGE_ALERT_ROLES,
        footer=BODY_FOOTER_EACH,
    )
    if holder_emails:
        _holder_notice(event, fields, list(holder_emails))


def _holder_notice(event, fields, emails) -> None:
    next_step = NEXT_STEP.get((fields["what"], fields["action"]), "")
    alert_send(
        key=f"credentials-holder:{event.pk}",
        subject=SUBJECT_CREDENTIALS_HOLDER.format(**fields),
        body=BODY_CREDENTIALS_HOLDER.format(**fields, next_step=next_step),
        footer=BODY_FOOTER_HOLDER,
        recipients=emails,
    )


def signin_failures_from(*, ip_address: str, username: str) -> int:
    """How many distinct usernames failed from ``ip_address`` in the current window.

    Each username counts once (``cache.add``) and the counter rises with ``cache.incr``, both
    atomic, so concurrent attempts are all counted. The window starts at the first failure.
    """
    window = get_setting("ALERT_SPRAY_MINUTES") * 60
    counter = f"xiuying:spray:{_digest(ip_address)}"
    cache.add(counter, 0, timeout=window)
    if not cache.add(f"{counter}:{_digest(username.lower())}", 1, timeout=window):
        return cache.get(counter, 0)
    try:
        return cache.incr(counter)
    except ValueError:  # the counter expired between add and incr
        cache.set(counter, 1, timeout=window)
        return 1


def spray_alert(*, ip_address: str, count: int, request=None) -> bool:
    """Record an attack and alert, once per address per window."""
    minutes = get_setting("ALERT_SPRAY_MINUTES")
    sent = alert_send(
        key=f"spray:{ip_address}",
        subject=SUBJECT_SPRAY.format(ip=ip_address),
        body=BODY_SPRAY.format(ip=ip_address, minutes=minutes, count=count),
    )
    if sent:
        security_event_record(
            SecurityEvent.Kind.ATTACK,
            request=request,
            attack="signin_spray",
            distinct_usernames=count,
            minutes=minutes,
        )
    return sent


# --------------------------------------------------------------------------- receivers


def on_user_locked_out(sender, request=None, username="", ip_address=None, **kwargs):
    address = client_ip(request) if request is not None else ip_address
    alert_lockout(username=username or "", ip_address=address)


def on_user_login_failed(sender, credentials=None, request=None, **kwargs):
    if request is None:
        return
    address = client_ip(request)
    username = str((credentials or {}).get("username", ""))
    count = signin_failures_from(ip_address=address, username=username)
    if count >= get_setting("ALERT_SPRAY_USERNAMES"):
        spray_alert(ip_address=address, count=count, request=request)
