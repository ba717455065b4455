"""Fixed formulations kept as lexicon entries (issue 16, R-12): imported like any entry, a bad
pattern refused with its reason, a wrong wording blocks submission with the required form."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cms.screening.engine import LexiconError
from cms.screening.models import LexiconEntry
from cms.screening.services import lexicon_import
from tests.workflows.chain import draft, submit

pytestmark = pytest.mark.django_db

CSV = "kind,term,suggestion\n规范表述,不忘初心,不忘初心、牢记使命\n"


def test_an_imported_formulation_blocks_a_wrong_wording(chain, lexicon):
    lexicon_import(user=None, data=CSV, replace=False)
    assert LexiconEntry.objects.get(kind="formulation").suggestion == "不忘初心、牢记使命"
    wrong = draft(chain, chain.town_liaison, summary="坚持不忘初心，继续前进。")
    with pytest.raises(
        ValidationError, match="【规范表述】“摘要”第3字处“不忘初心”应为“不忘初心、牢记使命”"
    ):
        submit(wrong, chain.town_liaison)
    right = draft(chain, chain.town_liaison, summary="不忘初心、牢记使命。")
    submit(right, chain.town_liaison)
    assert right.workflow_in_progress


def test_a_pattern_that_is_not_a_regular_expression_is_refused(lexicon, site_admin):
    with pytest.raises(LexiconError, match="不是有效的正则表达式"):
        lexicon_import(
            user=site_admin, data="kind,term,suggestion\nformulation,不忘(初心,x\n", replace=False
        )
    assert not LexiconEntry.objects.filter(kind="formulation").exists()


def test_a_liaison_may_not_import_formulations(lexicon, chain):
    with pytest.raises(PermissionDenied):
        lexicon_import(user=chain.town_liaison, data=CSV, replace=False)
