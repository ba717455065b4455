"""Pure rules of a sealed chain: what is wrong with a run of entries, whatever they record."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from cms.core.crypto.seals import LEGACY

GAP = "第{expected}条之前缺失记录（下一条为第{found}条）"
LINK_BROKEN = "与上一条的链接断开"
SEAL_MISMATCH = "内容与封印不符（{algorithm}，密钥版本{version}）"
DOWNGRADE = "在密钥封印之后出现未加密钥的哈希（{algorithm}），疑为绕过密钥的改写"
UNEXPLAINED_SWITCH = "封印算法或密钥版本改变，但不是封印切换记录"
KEY_MISSING = "密钥版本{version}不在密钥环中，无法核验"


@dataclass(frozen=True)
class Link:
    sequence: int
    at: datetime | None
    values: dict  # everything the seal covers, the previous seal included
    previous: str
    seal: str
    algorithm: str
    key_version: int | None
    is_switch: bool


@dataclass(frozen=True)
class Problem:
    sequence: int
    at: datetime | None
    problem: str

    def __str__(self):
        when = self.at.isoformat() if self.at else "-"
        return f"第{self.sequence}条（{when}）：{self.problem}"


def chain_problems(
    links: Iterable[Link],
    *,
    genesis: str,
    verify: Callable[[Link], bool | None],
    purgeable: bool = False,
) -> list[Problem]:
    """Walk ``links`` in sequence order. ``verify`` recomputes a seal (None: key missing). In a
    ``purgeable`` chain the first link may follow entries purged by retention: its own link is
    then not checked; otherwise the chain starts at 1."""
    problems, before = [], None
    for link in links:
        found = _link_problems(link, before, genesis=genesis, verify=verify)
        if before is None and link.sequence != 1 and not purgeable:
            found.insert(0, GAP.format(expected=1, found=link.sequence))
        problems += [Problem(link.sequence, link.at, text) for text in found]
        before = link
    return problems


def _link_problems(link: Link, before: Link | None, *, genesis: str, verify) -> list[str]:
    found = []
    if before is not None and link.sequence != before.sequence + 1:
        found.append(GAP.format(expected=before.sequence + 1, found=link.sequence))
    expected_previous = before.seal if before else (genesis if link.sequence == 1 else None)
    if expected_previous is not None and link.previous != expected_previous:
        found.append(LINK_BROKEN)
    if before is not None and before.algorithm != LEGACY and link.algorithm == LEGACY:
        found.append(DOWNGRADE.format(algorithm=link.algorithm))
    elif before is not None and _scheme(before) != _scheme(link) and not link.is_switch:
        found.append(UNEXPLAINED_SWITCH)
    verdict = verify(link)
    if verdict is None:
        found.append(KEY_MISSING.format(version=link.key_version))
    elif not verdict:
        found.append(SEAL_MISMATCH.format(algorithm=link.algorithm, version=link.key_version))
    return found


def _scheme(link: Link) -> tuple[str, int | None]:
    return link.algorithm, link.key_version
