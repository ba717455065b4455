import factory

from cms.core.models import Unit, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.TOWN


class SectionFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"科室{n}")
    kind = UnitKind.SECTION
