"""The one-live-session rule without a database (R-17)."""

from cms.security import sessions

IDLE = 30 * 60


def reason(session_token="a", account_token="a", last_activity=1_000, now=1_000):  # noqa: S107
    return sessions.session_end_reason(
        session_token=session_token,
        account_token=account_token,
        last_activity=last_activity,
        now=now,
        idle_seconds=IDLE,
    )


def test_the_accounts_latest_session_stays_open():
    assert reason() is None


def test_a_session_replaced_by_a_newer_sign_in_ends():
    assert reason(session_token="old", account_token="new") == sessions.SUPERSEDED


def test_a_session_whose_account_has_no_live_session_ends():
    assert reason(account_token=None) == sessions.SUPERSEDED


def test_a_signed_in_session_without_a_token_ends():
    assert reason(session_token=None) == sessions.UNTRACKED


def test_a_session_idle_past_the_limit_ends():
    assert reason(last_activity=0, now=IDLE + 1) == sessions.IDLE


def test_a_session_idle_exactly_the_limit_stays_open():
    assert reason(last_activity=0, now=IDLE) is None


def test_the_superseded_message_says_the_account_signed_in_elsewhere():
    assert sessions.end_message(sessions.SUPERSEDED) == "您的账号已在其他地方登录，本会话已结束。"
