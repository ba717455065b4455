"""The sets of roles more than one rule names, each written once. A role is the key of its group in
``XIUYING["ROLES"]`` (``cms.core.conf.role_name`` gives the group's Chinese name)."""

# 网站管理员 and 网站专管员: the site's own staff.
SITE_STAFF = frozenset({"site_admin", "site_specialist"})
# Who reads the records, registers and reports: the site's staff and the Organization Minister.
RECORD_READERS = frozenset({*SITE_STAFF, "minister"})
