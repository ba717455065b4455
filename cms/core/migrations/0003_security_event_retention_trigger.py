"""PostgreSQL refuses to change security events or delete those younger than 180 days (R-14;
the Cybersecurity Law's six months), whatever the client."""

from django.db import migrations

from cms.core.db import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION cms_security_event_retention() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'cms_securityevent is append-only (R-14)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.occurred_at > now() - interval '180 days' THEN
        RAISE EXCEPTION 'cms_securityevent rows younger than 180 days are retained (R-14)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cms_security_event_retention
    BEFORE UPDATE OR DELETE ON cms_securityevent
    FOR EACH ROW EXECUTE FUNCTION cms_security_event_retention();
"""
DROP = """
DROP TRIGGER IF EXISTS cms_security_event_retention ON cms_securityevent;
DROP FUNCTION IF EXISTS cms_security_event_retention();
"""


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_securityevent")]

    operations = [postgresql_only(CREATE, DROP)]
