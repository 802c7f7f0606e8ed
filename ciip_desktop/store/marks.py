"""What makes a file a current CIIP database, known without SQLAlchemy or Alembic."""

# PRAGMA application_id of every CIIP database ("CIIP" in ASCII): the schema marker.
APPLICATION_ID = 0x43494950
# The newest revision of this release, known without loading Alembic (~0.2 s of start-up);
# a test checks it against the migration scripts.
SCHEMA_HEAD = "0009_quality_indexes"
