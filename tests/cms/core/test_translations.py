"""The project's zh_Hans supplement to Wagtail's Chinese catalogs (R-23).

``cms/locale/zh_Hans/LC_MESSAGES/{django,djangojs}.po`` add the msgids that
Wagtail 8.0's own zh_Hans catalogs leave untranslated.  These tests check that
the compiled catalogs are loaded and up to date, that every msgstr keeps its
msgid's placeholders and markup, and that no msgid of an installed Wagtail app
is left in English (so an upgrade that adds strings fails here, listing them).
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

LC_MESSAGES = Path(settings.BASE_DIR) / "cms" / "core" / "locale" / "zh_Hans" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
LANG = "zh-hans"


# -- a small .po reader (no polib needed) -------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def read_po(path: Path) -> list[Entry]:
    """Parse a .po file: header entry (msgid "") and obsolete entries are skipped."""
    entries, current, target = [], Entry(), None

    def flush():
        nonlocal current, target
        if current.msgid and not current.obsolete:
            entries.append(current)
        current, target = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#,"):
            current.flags.update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = None, line
        elif keyword in ("msgctxt", "msgid") and current.msgstr:
            flush()
        if keyword == "msgctxt":
            current.msgctxt, target = "", ("msgctxt", None)
        elif keyword == "msgid":
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = "", ("msgid_plural", None)
        elif keyword == "msgstr":
            current.msgstr[0], target = "", ("msgstr", 0)
        elif keyword and keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            current.msgstr[index], target = "", ("msgstr", index)
        elif keyword is not None:
            raise ValueError(f"{path}: cannot parse {raw!r}")
        text = _unquote(rest)
        name, index = target
        if name == "msgstr":
            current.msgstr[index] += text
        else:
            setattr(current, name, getattr(current, name) + text)
    flush()
    return entries


def read_header(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index('msgid ""\nmsgstr ""\n')
    block = text[start:].split("\n\n", 1)[0].splitlines()[2:]
    return "".join(_unquote(line) for line in block)


@pytest.fixture(scope="module", params=DOMAINS)
def catalog(request):
    return request.param, read_po(LC_MESSAGES / f"{request.param}.po")


# -- placeholders --------------------------------------------------------------

PERCENT = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([sdifrxX])")
BRACE = re.compile(r"\{(\w*)\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text: str) -> tuple[list[str], list[str], list[str]]:
    """Named/positional %-placeholders, {name} fields and HTML tags, each sorted."""
    text = text.replace("%%", "")
    percent = sorted(
        f"%({name}){kind}" if name else f"%{kind}" for name, kind in PERCENT.findall(text)
    )
    return percent, sorted(BRACE.findall(text)), sorted(TAG.findall(text))


def test_catalogs_are_well_formed(catalog):
    domain, entries = catalog
    header = read_header(LC_MESSAGES / f"{domain}.po")
    assert "Language: zh_Hans" in header
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    assert "charset=UTF-8" in header
    assert entries, f"{domain}.po has no entries"
    keys = [entry.key for entry in entries]
    assert len(keys) == len(set(keys)), "duplicate msgids"
    for entry in entries:
        assert "fuzzy" not in entry.flags, f"fuzzy entries are not compiled: {entry.msgid!r}"
        assert sorted(entry.msgstr) == [0], entry.msgid  # Chinese has a single form
        assert all(entry.msgstr.values()), f"empty msgstr for {entry.msgid!r}"


def test_every_msgstr_keeps_the_placeholders_and_markup_of_its_msgid(catalog):
    domain, entries = catalog
    problems = []
    for entry in entries:
        # Like ``msgfmt --check``: with one plural form, msgstr[0] also serves n != 1,
        # so it must carry the placeholders of msgid_plural.
        source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
        for msgstr in entry.msgstr.values():
            if placeholders(msgstr) != placeholders(source):
                problems.append(f"{entry.msgid!r}: {msgstr!r}")
    assert not problems, f"{domain}.po:\n" + "\n".join(problems)


def test_compiled_mo_files_match_the_po_files(catalog):
    domain, entries = catalog
    with open(LC_MESSAGES / f"{domain}.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in entries:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            actual = compiled._catalog.get(msgid)
        else:
            actual = compiled._catalog.get((msgid, 0))
        if actual != entry.msgstr[0]:
            stale.append(entry.msgid)
    assert not stale, f"recompile {domain}.mo (msgfmt --check -o {domain}.mo {domain}.po): {stale}"


# -- the translations are in use -----------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Shortcuts", "快捷键"),
        ("Show keyboard shortcuts", "显示键盘快捷键"),
        ("Schedule to publish", "计划发布"),
        ("Saving will overwrite a newer version.", "保存将覆盖一个更新的版本。"),
        ("Locked by workflow", "已被工作流锁定"),
        ("Privacy and access", "隐私与访问权限"),
        ("Your pages and snippets in a workflow", "您处于工作流中的页面和片段"),
        ("By workflow", "按工作流"),
        ("Page types usage", "页面类型使用情况"),
        ("Theme preferences", "主题偏好"),
        ("Grid layout", "网格布局"),
        ("Revoke API token", "撤销 API 令牌"),
        # corrected: Wagtail's zh_Hans catalog says "忘记密码" (forgotten password)
        ("Invalid password reset link", "密码重置链接无效"),
        (
            "Account locked: too many login attempts. Please try again later.",
            "帐号已锁定：登录尝试次数过多。请稍后再试。",
        ),
    ],
)
def test_formerly_untranslated_wagtail_strings_are_chinese(msgid, expected):
    with translation.override(LANG):
        assert translation.gettext(msgid) == expected


def test_formerly_untranslated_plurals_and_formats_are_chinese():
    with translation.override(LANG):
        pages = translation.ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            3,
        ) % {"total": 3, "site_name": "秀英党建网"}
        assert pages == '3 个页面<span class="w-sr-only">（在 秀英党建网 中创建）</span>'
        state = translation.gettext(
            "The %(model_name)s '%(title)s' is not currently awaiting moderation."
        ) % {"model_name": "页面", "title": "工作动态"}
        assert state == "页面“工作动态”当前不在等待审核。"
        lock = translation.gettext("<b>'{title}' is locked</b>.").format(title="工作动态")
        assert lock == "<b>“工作动态”已被锁定</b>。"


@pytest.mark.django_db
def test_admin_dashboard_and_js_catalog_render_the_new_strings(client, home, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@xiuying.example", "x" * 16)
    client.force_login(root)

    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '个页面<span class="w-sr-only">（在 ' in html
    assert "created in" not in html
    assert "显示键盘快捷键" in html

    js = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode("utf-8")
    assert "\\u6b63\\u5728\\u81ea\\u52a8\\u4fdd\\u5b58" in js or "正在自动保存" in js


# -- nothing of an installed Wagtail app is left in English ---------------------


def _is_translated(translator, entry: Entry) -> bool:
    if entry.msgid_plural is None:
        if entry.msgctxt is None:
            return translator.gettext(entry.msgid) != entry.msgid
        return translator.pgettext(entry.msgctxt, entry.msgid) != entry.msgid
    if entry.msgctxt is None:
        return translator.ngettext(entry.msgid, entry.msgid_plural, 2) != entry.msgid_plural
    return translator.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2) != (
        entry.msgid_plural
    )


def _wagtail_english_catalogs():
    for config in apps.get_app_configs():
        if not config.name.startswith("wagtail"):
            continue
        for domain in DOMAINS:
            path = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if path.exists():
                yield config.name, domain, path


def test_no_msgid_of_an_installed_wagtail_app_is_left_untranslated():
    # Strings that read the same in Chinese ("URL", "ID", ...) count as covered
    # when this project's catalog lists them.
    ours = {domain: {e.key for e in read_po(LC_MESSAGES / f"{domain}.po")} for domain in DOMAINS}
    translators = {
        "django": trans_real.translation(LANG),
        "djangojs": trans_real.DjangoTranslation(
            LANG,
            domain="djangojs",
            localedirs=[str(Path(apps.get_app_config("wagtailadmin").path) / "locale")],
        ),
    }
    catalogs = list(_wagtail_english_catalogs())
    assert len(catalogs) >= 8, catalogs
    missing = []
    for app_name, domain, path in catalogs:
        for entry in read_po(path):
            if entry.key in ours[domain] or _is_translated(translators[domain], entry):
                continue
            missing.append(f"{app_name} ({domain}): {entry.msgid!r}")
    assert not missing, (
        "Wagtail strings without a zh_Hans translation; add them to "
        "cms/locale/zh_Hans/LC_MESSAGES and recompile:\n" + "\n".join(missing)
    )
