"""``manage.py import_lexicon`` (R-12, issue 11): a file merges into the lexicon; --replace says
how many entries it removes and asks, unless a script says --yes / --noinput."""

import pytest
from django.core.management import CommandError, call_command

from cms.screening.engine import default_entries
from cms.screening.models import LexiconEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "site.csv"
    path.write_text("kind,term\nsensitive,换届选举\n", encoding="utf-8")
    return str(path)


def answering(monkeypatch, answer: str):
    monkeypatch.setattr("builtins.input", lambda prompt="": answer)


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_lexicon", *args, stdout=out)
    return out.getvalue()


def test_a_file_merges_into_the_shipped_entries(csv_file):
    run(csv_file)
    assert LexiconEntry.objects.count() == len(default_entries()) + 1


def test_replace_shows_the_count_and_stops_unless_confirmed(csv_file, monkeypatch, as_migrated):
    answering(monkeypatch, "no")
    with pytest.raises(CommandError, match="Replace cancelled"):
        run(csv_file, "--replace")
    assert LexiconEntry.objects.count() == len(default_entries())


def test_replace_goes_through_when_the_operator_types_yes(csv_file, monkeypatch, capsys):
    answering(monkeypatch, "yes")
    shipped = len(default_entries())
    out = run(csv_file, "--replace")
    assert f"Replacing removes {shipped} active entries ({shipped} of them shipped" in out
    assert "wrong_form: 中华人民共合国" in out
    assert list(LexiconEntry.objects.values_list("term", flat=True)) == ["换届选举"]


@pytest.mark.parametrize("flag", ["--yes", "--noinput", "--no-input"])
def test_scripts_replace_without_a_question(csv_file, monkeypatch, flag):
    monkeypatch.setattr("builtins.input", pytest.fail)
    run(csv_file, "--replace", flag)
    assert list(LexiconEntry.objects.values_list("term", flat=True)) == ["换届选举"]


def test_without_a_terminal_replace_is_refused(csv_file, monkeypatch):
    def no_terminal(prompt=""):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    with pytest.raises(CommandError, match="Replace cancelled"):
        run(csv_file, "--replace")


def test_defaults_merge_back_into_a_site_lexicon(csv_file):
    run(csv_file, "--replace", "--yes")
    run("--defaults")
    assert LexiconEntry.objects.count() == len(default_entries()) + 1
