"""Factories of the assessment's records."""

from datetime import date

import factory
from django.utils import timezone

from liaisons.models import Contribution, Liaison
from tests.factories.units import UnitFactory


class LiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Liaison
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"联络员{n}")
    unit = factory.SubFactory(UnitFactory)
    active_from = date(2020, 1, 1)


class ContributionFactory(factory.django.DjangoModelFactory):
    """A record as the chain would leave it; pass the dates the test needs."""

    class Meta:
        model = Contribution

    article_page_id = factory.Sequence(lambda n: 900_000 + n)
    title = factory.Sequence(lambda n: f"信息{n}")
    liaison = factory.SubFactory(LiaisonFactory)
    unit = factory.LazyAttribute(lambda o: o.liaison.unit if o.liaison else None)
    content_form = "text"
    submitted_at = factory.LazyFunction(timezone.now)
    status = factory.LazyAttribute(
        lambda o: Contribution.Status.RELEASED if o.released_at else Contribution.Status.IN_REVIEW
    )
    released_at = None
