"""The README's table of demo accounts and the seed agree (issue 17): every account, its unit
and the steps it signs."""

import re
from pathlib import Path

from cms.demo.accounts import AccountRow
from cms.demo.catalogue import ACCOUNTS, signed_steps
from cms.demo.report import accounts_table

README = Path(__file__).resolve().parents[3] / "README.md"
ROW = re.compile(r"^\| `(\w+)` \| (\S+) \| (\S+) \| (\S+) \| (.+?) \|$", re.M)


def test_the_readme_lists_every_demo_account_with_its_unit_and_steps():
    listed = {m[0]: m[1:] for m in ROW.findall(README.read_text(encoding="utf-8"))}
    assert list(listed) == [spec.username for spec in ACCOUNTS]
    for spec in ACCOUNTS:
        name, _, unit, signs = listed[spec.username]
        assert (name, unit) == (f"{spec.last_name}{spec.first_name}", spec.unit)
        assert signs == signed_steps(spec.role, spec.unit)


def test_the_printed_table_names_the_steps_each_account_signs():
    row = AccountRow(
        "cadre_leader", "分管部领导", "干部科", None, signed_steps("dept_leader", "干部科")
    )
    printed = accounts_table([row])
    assert "签批环节" in printed.splitlines()[0]
    assert "分管部领导签批（干部科负责的栏目中各科室报送的信息）" in printed
