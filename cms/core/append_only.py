"""Records that are added and never changed: the release log (R-11) and the security events
(R-14). The model refuses updates and deletes through the ORM; on PostgreSQL a trigger of each
table's migrations refuses them from any client, so the rule holds for raw SQL too.
"""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise self.model.append_only_refusal()

    def delete(self):
        self.model.check_deletable(self)
        return super().delete()


class AppendOnlyModel(models.Model):
    """Rows are saved once. ``append_only_refusal()`` is the error a change raises;
    ``check_deletable(queryset)`` refuses every delete unless a model allows some (a retention
    period, say)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise self.append_only_refusal()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        type(self).check_deletable(type(self)._default_manager.filter(pk=self.pk))
        return super().delete(*args, **kwargs)

    @classmethod
    def append_only_refusal(cls) -> Exception:
        raise NotImplementedError

    @classmethod
    def check_deletable(cls, queryset) -> None:
        raise cls.append_only_refusal()
