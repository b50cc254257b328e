"""PostgreSQL: tickets and their timeline in monthly partitions (linli.common.partitions).

SQLite keeps its tables. A ticket number stays unique across the months through
`tickets_ticket_code`, one row per number kept by a trigger (a partitioned table's own unique
keys must include the partition key); the numbers of archived months stay taken.
"""

from django.db import migrations
from django.utils import timezone

from linli.common import partitions

CODES = """
CREATE TABLE tickets_ticket_code (code varchar(12) PRIMARY KEY, ticket_id bigint NOT NULL);
INSERT INTO tickets_ticket_code (code, ticket_id) SELECT code, id FROM tickets_ticket;
CREATE FUNCTION tickets_ticket_code_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM tickets_ticket_code WHERE code = OLD.code AND ticket_id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO tickets_ticket_code (code, ticket_id) VALUES (NEW.code, NEW.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_ticket_code_keep AFTER INSERT OR DELETE ON tickets_ticket
  FOR EACH ROW EXECUTE FUNCTION tickets_ticket_code_keep();
CREATE TRIGGER tickets_ticket_code_change AFTER UPDATE OF code ON tickets_ticket
  FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION tickets_ticket_code_keep();
CREATE FUNCTION tickets_ticket_code_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE tickets_ticket_code;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_ticket_code_truncate AFTER TRUNCATE ON tickets_ticket
  FOR EACH STATEMENT EXECUTE FUNCTION tickets_ticket_code_truncate();
"""


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    month = partitions.month_index(timezone.now().date())
    with schema_editor.connection.cursor() as cursor:
        for table in ("tickets_ticket", "tickets_ticketevent"):
            if not partitions.is_partitioned(cursor, table):
                partitions.convert(cursor, partitions.TABLES[table], month=month, ahead=2)
        cursor.execute(CODES)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0006_calendar_notice")]
    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
