"""PostgreSQL refuses UPDATE and DELETE on the release log, whatever the client (R-11)."""

from django.db import migrations

from cms.core.db import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION workflows_release_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'workflows_releaselogentry is append-only (R-11): % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER workflows_release_log_append_only
    BEFORE UPDATE OR DELETE ON workflows_releaselogentry
    FOR EACH ROW EXECUTE FUNCTION workflows_release_log_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS workflows_release_log_append_only ON workflows_releaselogentry;
DROP FUNCTION IF EXISTS workflows_release_log_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial")]

    operations = [postgresql_only(CREATE, DROP)]
