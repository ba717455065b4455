"""A public address is looked up among what the public may see (cms/web/routing.py): the home
page, the published column tree kept per content generation, and the published items of its
columns, kept per content generation or read in one query; anything else is not found, as in
tests/cms/web/test_pages.py (R-24)."""

from urllib.parse import unquote

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from cms.web.routing import parent_url_path, public_page, tree_url_path
from columns.models import ArticlePage, ColumnPage
from home.models import HomePage


def test_a_site_address_is_a_tree_url_path_under_the_site_root():
    assert tree_url_path("/xiuying/", "news/a/") == "/xiuying/news/a/"
    assert tree_url_path("/xiuying/", "news//a/") == "/xiuying/news/a/"
    assert tree_url_path("/xiuying/", "") == "/xiuying/"


def test_the_parent_of_a_tree_url_path():
    assert parent_url_path("/xiuying/news/a/") == "/xiuying/news/"
    assert parent_url_path("/xiuying/") == "/"


@pytest.mark.django_db
def test_an_item_or_the_home_page_is_found_in_one_query_a_column_in_none(
    chain, release, sub_column, django_assert_num_queries
):
    article = release(title="子栏目的信息", column=sub_column)
    found = [
        ("", HomePage, 1),
        ("news/", ColumnPage, 0),
        ("news/grassroots/", ColumnPage, 0),
        (unquote(article.url).lstrip("/"), ArticlePage, 1),
    ]
    request = RequestFactory().get("/")
    for path, _kind, _queries in found:
        public_page(request, path)  # the generation's scope, column tree and columns, read once
    for path, kind, queries in found:
        with django_assert_num_queries(queries):
            page = public_page(request, path)
        assert type(page) is kind, path


@pytest.mark.django_db
def test_addresses_outside_the_published_tree_are_not_found(client, chain, release):
    article = release(title="已发布")
    home = Page.objects.get(pk=chain.column.get_parent().pk)
    home.add_child(instance=Page(title="其他页面", slug="other"))
    for path in ("/other/", "/news/no-such-item/", "/no/such/column/", article.url + "more/"):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
def test_a_restricted_home_page_is_not_found(client, chain, release):
    release(title="已发布")
    PageViewRestriction.objects.create(
        page=chain.column.get_parent(), restriction_type="password", password="pw-123456"
    )
    assert client.get("/").status_code == 404
