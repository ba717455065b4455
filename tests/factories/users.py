import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.core.conf import role_name
from cms.core.services import user_set_unit
from tests.factories.units import UnitFactory

PASSWORD = "Xiuying#Test2026"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """An account with a unit (R-01) and, optionally, roles: ``UserFactory(roles=["liaison"])``."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@xiuying.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if create:
            user_set_unit(user=self, unit=extracted or UnitFactory())
            self.save()

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            group, _ = Group.objects.get_or_create(name=role_name(role))
            self.groups.add(group)
