import factory
from wagtail.models import Page, Site

from columns.models import ArticlePage, ColumnKind, ColumnPage
from home.models import HomePage
from tests.factories.units import SectionFactory


class PageFactory(factory.django.DjangoModelFactory):
    """Builds pages in the tree: pass ``parent``; Wagtail pages must be added through it."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"页面{n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        page = model_class(**kwargs)
        parent = parent or Page.get_first_root_node()
        parent.add_child(instance=page)
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "秀英党建网"
    slug = "xiuying"

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        home = super()._create(model_class, parent=parent, **kwargs)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )
        return home


class ColumnPageFactory(PageFactory):
    class Meta:
        model = ColumnPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")
    responsible_department = factory.SubFactory(SectionFactory)
    column_kind = ColumnKind.NEWS

    @factory.post_generation
    def contributing_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.contributing_units.set(extracted)
            self.save()


class ArticlePageFactory(PageFactory):
    """An article; ``drafter`` is required, as the model demands (R-03)."""

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"信息{n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "摘要"
    live = False
    body = factory.LazyFunction(lambda: [("paragraph", "<p>正文内容。</p>")])
