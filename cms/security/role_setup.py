"""The roles as Wagtail groups with their permissions: the seven of the regulation (articles 3,
5, 11) and the 账号管理员, who assigns roles to accounts (separation of duties, R-13).

Publishing is granted to the site administrator's group alone (R-08); the site specialist takes
down through ``columns.permissions`` without holding publish permission, and keeps accounts
(creates them, keeps their details, locks and second factors) without assigning roles, which is
the 账号管理员's duty alone (``cms.security.duties``). Every change this makes to a group is a
security event (``cms.security.privileges``).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from cms.core.conf import get_setting
from cms.security.privileges import group_change_recorded

ADMIN_ACCESS = ["wagtailadmin.access_admin"]
CHOOSE_MEDIA = ["wagtailimages.choose_image", "wagtaildocs.choose_document"]
UPLOAD_MEDIA = ["wagtailimages.add_image", "wagtaildocs.add_document", *CHOOSE_MEDIA]
MANAGE_MEDIA = [
    *UPLOAD_MEDIA,
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
]

# role -> (model permissions, page permissions on the tree root, collection permissions)
ROLE_PERMISSIONS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "liaison": (ADMIN_ACCESS, ["add_page", "change_page"], UPLOAD_MEDIA),
    "proofreader": (ADMIN_ACCESS, [], CHOOSE_MEDIA),
    "unit_approver": (ADMIN_ACCESS, [], CHOOSE_MEDIA),
    "dept_leader": (ADMIN_ACCESS, [], CHOOSE_MEDIA),
    "minister": (ADMIN_ACCESS, [], CHOOSE_MEDIA),
    "site_admin": (
        [
            *ADMIN_ACCESS,
            "liaisons.add_liaison",
            "liaisons.change_liaison",
            "liaisons.delete_liaison",
            "cms.add_unit",
            "cms.change_unit",
            # The public site's footer (网站页脚): sponsor, filings, site code.
            "home.change_sitefooter",
        ],
        ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
        MANAGE_MEDIA,
    ),
    "site_specialist": (
        [*ADMIN_ACCESS, "auth.add_user", "auth.change_user"],
        ["lock_page", "unlock_page"],
        CHOOSE_MEDIA,
    ),
    # Assigns roles in the user admin; holds no content role (cms.security.duties.CONFLICTS).
    "account_admin": ([*ADMIN_ACCESS, "auth.add_user", "auth.change_user"], [], []),
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def roles_setup() -> dict[str, Group]:
    """Create or bring up to date the groups of every role; running it twice changes nothing."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for role, (model_perms, page_perms, collection_perms) in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=get_setting("ROLE_NAMES")[role])
        with group_change_recorded(actor=None, group=group):
            group.permissions.set([_permission(p) for p in model_perms])
            _sync_page_permissions(group, root_page, page_perms)
            _sync_collection_permissions(group, root_collection, collection_perms)
        groups[role] = group
    _revoke_publish_elsewhere(groups["site_admin"])
    return groups


def _revoke_publish_elsewhere(site_admin_group):
    # Wagtail's initial data gives its "Moderators" group publish permission; R-08 allows one
    # publishing role, so every other group loses it.
    holders = GroupPagePermission.objects.filter(permission__codename="publish_page").exclude(
        group=site_admin_group
    )
    for group in Group.objects.filter(pk__in=holders.values("group")):
        with group_change_recorded(actor=None, group=group):
            holders.filter(group=group).delete()


def _sync_page_permissions(group, root_page, codenames):
    wanted = {_page_permission(codename) for codename in codenames}
    GroupPagePermission.objects.filter(group=group).exclude(
        page=root_page, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=permission
        )


def _sync_collection_permissions(group, root_collection, dotted_names):
    wanted = {_permission(name) for name in dotted_names}
    GroupCollectionPermission.objects.filter(group=group).exclude(
        collection=root_collection, permission__in=wanted
    ).delete()
    for permission in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission
        )
