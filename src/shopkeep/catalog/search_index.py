"""The product search index: kept in step with products by triggers in the database itself.

SQLite (embedded mode): an FTS5 table `catalog_product_fts` (name, category, description; rowid is the
product id) and an `fts5vocab` view of its words for typo suggestions.
PostgreSQL: `catalog_product_search` (product id, weighted tsvector: name A, category B, description C,
and the product's is_active and category_id, so a search never needs the product table) with a GIN index, and `catalog_search_word`, the words of product and category names for typo suggestions
(`pg_trgm` similarity when the extension could be created).

Triggers on catalog_product and catalog_category keep both up to date on every write path (the ORM,
bulk_create, `shopkeep shell`, raw SQL), so a product added or edited is found on the very next search.
They also move a version counter on every write to products, variants and categories
(`catalog_search_version`: a row on SQLite, where writers take turns anyway; a sequence on PostgreSQL, moved
once per statement, so concurrent writers never wait on it); catalog/search.py keys its cached counts and
result pages by it.
SQLite drops a table's triggers when Django rebuilds the table in a later migration, so
`search_index_ensure` runs after every `migrate` and puts back (and refills) whatever is missing.
"""

from django.db import connection as default_connection
from django.db import transaction

SQLITE_TRIGGERS = {
    "catalog_product_fts_insert": """
        CREATE TRIGGER catalog_product_fts_insert AFTER INSERT ON catalog_product BEGIN
          INSERT INTO catalog_product_fts (rowid, name, category, description)
          SELECT new.id, new.name, (SELECT name FROM catalog_category WHERE id = new.category_id), new.description;
        END""",
    "catalog_product_fts_update": """
        CREATE TRIGGER catalog_product_fts_update AFTER UPDATE OF name, description, category_id
        ON catalog_product BEGIN
          DELETE FROM catalog_product_fts WHERE rowid = old.id;
          INSERT INTO catalog_product_fts (rowid, name, category, description)
          SELECT new.id, new.name, (SELECT name FROM catalog_category WHERE id = new.category_id), new.description;
        END""",
    "catalog_product_fts_delete": """
        CREATE TRIGGER catalog_product_fts_delete AFTER DELETE ON catalog_product BEGIN
          DELETE FROM catalog_product_fts WHERE rowid = old.id;
        END""",
    "catalog_category_fts_update": """
        CREATE TRIGGER catalog_category_fts_update AFTER UPDATE OF name ON catalog_category BEGIN
          UPDATE catalog_product_fts SET category = new.name
          WHERE rowid IN (SELECT id FROM catalog_product WHERE category_id = new.id);
        END""",
}
# A counter every catalogue write moves on: cached search results are keyed by it (catalog/search.py).
SEARCH_VERSION_TABLES = ("catalog_product", "catalog_variant", "catalog_category")
for _table in SEARCH_VERSION_TABLES:
    for _event in ("INSERT", "UPDATE", "DELETE"):
        SQLITE_TRIGGERS[f"{_table}_search_version_{_event.lower()}"] = (
            f"CREATE TRIGGER {_table}_search_version_{_event.lower()} AFTER {_event} ON {_table} BEGIN "
            "UPDATE catalog_search_version SET n = n + 1; END")
SQLITE_TABLES = [
    "CREATE TABLE IF NOT EXISTS catalog_search_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO catalog_search_version (id, n) VALUES (1, 0)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts USING fts5("
    "name, category, description, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts_vocab USING fts5vocab(catalog_product_fts, 'row')",
]
SQLITE_REBUILD = [
    "DELETE FROM catalog_product_fts",
    """INSERT INTO catalog_product_fts (rowid, name, category, description)
       SELECT p.id, p.name, c.name, p.description FROM catalog_product p
       JOIN catalog_category c ON c.id = p.category_id""",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    "DROP TABLE IF EXISTS catalog_search_version",
    "DROP TABLE IF EXISTS catalog_product_fts_vocab",
    "DROP TABLE IF EXISTS catalog_product_fts",
]

# Words of names worth suggesting: no digits (the seeded catalogue numbers every product).
POSTGRES_WORDS = """
    INSERT INTO catalog_search_word (word)
    SELECT DISTINCT t.lexeme FROM unnest(to_tsvector('simple', {text})) AS t
    WHERE t.lexeme !~ '[0-9]' AND length(t.lexeme) BETWEEN 3 AND 40
    ON CONFLICT DO NOTHING"""
POSTGRES_CREATE = [
    """CREATE TABLE IF NOT EXISTS catalog_product_search (
         product_id integer PRIMARY KEY, document tsvector NOT NULL,
         is_active boolean NOT NULL DEFAULT true, category_id integer)""",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_document ON catalog_product_search USING gin (document)",
    "CREATE TABLE IF NOT EXISTS catalog_search_word (word text PRIMARY KEY)",
    """CREATE OR REPLACE FUNCTION catalog_search_document(p_name text, c_name text, p_description text)
       RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
         SELECT setweight(to_tsvector('simple', coalesce(p_name, '')), 'A')
             || setweight(to_tsvector('simple', coalesce(c_name, '')), 'B')
             || setweight(to_tsvector('simple', coalesce(p_description, '')), 'C')
       $$""",
    f"""CREATE OR REPLACE FUNCTION catalog_product_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE c_name text;
       BEGIN
         IF TG_OP = 'DELETE' THEN
           DELETE FROM catalog_product_search WHERE product_id = OLD.id;
           RETURN NULL;
         END IF;
         SELECT name INTO c_name FROM catalog_category WHERE id = NEW.category_id;
         INSERT INTO catalog_product_search (product_id, document, is_active, category_id)
         VALUES (NEW.id, catalog_search_document(NEW.name, c_name, NEW.description), NEW.is_active, NEW.category_id)
         ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document, is_active = EXCLUDED.is_active,
           category_id = EXCLUDED.category_id;
         {POSTGRES_WORDS.format(text="NEW.name || ' ' || coalesce(c_name, '')")};
         RETURN NULL;
       END $$""",
    f"""CREATE OR REPLACE FUNCTION catalog_category_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE catalog_product_search s SET document = catalog_search_document(p.name, NEW.name, p.description)
         FROM catalog_product p WHERE p.id = s.product_id AND p.category_id = NEW.id;
         {POSTGRES_WORDS.format(text="NEW.name")};
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION catalog_product_search_clear() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN TRUNCATE catalog_product_search; RETURN NULL; END $$""",
    "DROP TRIGGER IF EXISTS catalog_product_search_sync ON catalog_product",
    """CREATE TRIGGER catalog_product_search_sync
       AFTER INSERT OR DELETE OR UPDATE OF name, description, category_id, is_active ON catalog_product
       FOR EACH ROW EXECUTE FUNCTION catalog_product_search_sync()""",
    "DROP TRIGGER IF EXISTS catalog_product_search_clear ON catalog_product",
    """CREATE TRIGGER catalog_product_search_clear AFTER TRUNCATE ON catalog_product
       FOR EACH STATEMENT EXECUTE FUNCTION catalog_product_search_clear()""",
    "DROP TRIGGER IF EXISTS catalog_category_search_sync ON catalog_category",
    """CREATE TRIGGER catalog_category_search_sync AFTER UPDATE OF name ON catalog_category
       FOR EACH ROW EXECUTE FUNCTION catalog_category_search_sync()""",
    "CREATE SEQUENCE IF NOT EXISTS catalog_search_version",
    """CREATE OR REPLACE FUNCTION catalog_search_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM nextval('catalog_search_version'); RETURN NULL; END $$""",
    *(statement for table in SEARCH_VERSION_TABLES for statement in (
        f"DROP TRIGGER IF EXISTS {table}_search_version ON {table}",
        f"""CREATE TRIGGER {table}_search_version AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_version_bump()""",
        f"DROP TRIGGER IF EXISTS {table}_search_version_truncate ON {table}",
        f"""CREATE TRIGGER {table}_search_version_truncate AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION catalog_search_version_bump()""",
    )),
]
POSTGRES_REBUILD = [
    "TRUNCATE catalog_product_search",
    """INSERT INTO catalog_product_search (product_id, document, is_active, category_id)
       SELECT p.id, catalog_search_document(p.name, c.name, p.description), p.is_active, p.category_id
       FROM catalog_product p JOIN catalog_category c ON c.id = p.category_id""",
    POSTGRES_WORDS.format(text="(SELECT string_agg(DISTINCT c.name, ' ') FROM catalog_category c)"),
    """INSERT INTO catalog_search_word (word)
       SELECT DISTINCT t.lexeme FROM catalog_product p, unnest(to_tsvector('simple', p.name)) AS t
       WHERE t.lexeme !~ '[0-9]' AND length(t.lexeme) BETWEEN 3 AND 40
       ON CONFLICT DO NOTHING""",
]
POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_search_version ON {table}" for table in SEARCH_VERSION_TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_search_version_truncate ON {table}" for table in SEARCH_VERSION_TABLES),
    "DROP FUNCTION IF EXISTS catalog_search_version_bump()",
    "DROP SEQUENCE IF EXISTS catalog_search_version",
    "DROP TRIGGER IF EXISTS catalog_product_search_sync ON catalog_product",
    "DROP TRIGGER IF EXISTS catalog_product_search_clear ON catalog_product",
    "DROP TRIGGER IF EXISTS catalog_category_search_sync ON catalog_category",
    "DROP FUNCTION IF EXISTS catalog_product_search_sync()",
    "DROP FUNCTION IF EXISTS catalog_category_search_sync()",
    "DROP FUNCTION IF EXISTS catalog_product_search_clear()",
    "DROP FUNCTION IF EXISTS catalog_search_document(text, text, text)",
    "DROP TABLE IF EXISTS catalog_product_search",
    "DROP TABLE IF EXISTS catalog_search_word",
]


def _run(cursor, statements) -> None:
    for statement in statements:
        cursor.execute(statement)


def trigram_extension_create(connection=default_connection) -> bool:
    """Create pg_trgm if the database user may; True when it is there. Typo suggestions work without it."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 - not permitted (not a superuser or owner): fall back
            pass
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def search_index_ensure(connection=default_connection) -> bool:
    """Create whatever part of the index is missing; refill it if a trigger was missing. True if refilled."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            present = {row[0] for row in cursor.fetchall()}
            if "catalog_product" not in present:
                return False
            missing = [name for name in SQLITE_TRIGGERS if name not in present]
            _run(cursor, SQLITE_TABLES)
            _run(cursor, [SQLITE_TRIGGERS[name] for name in missing])
            stale = bool(missing)
            if stale:
                _run(cursor, SQLITE_REBUILD)
            return stale
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass('catalog_product_search') IS NULL "
                           "OR to_regclass('catalog_search_version') IS NULL "
                           "OR NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'catalog_product_search_sync') "
                           "OR NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'catalog_variant_search_version')")
            if not cursor.fetchone()[0]:
                return False
            _run(cursor, POSTGRES_CREATE)
            _run(cursor, POSTGRES_REBUILD)
            return True
    return False


def search_version(connection=default_connection) -> int:
    """The catalogue's version: it moves on with every committed write to products, variants or categories."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM catalog_search_version")
        else:
            cursor.execute("SELECT n FROM catalog_search_version")
        return int(cursor.fetchone()[0])


def search_index_rebuild(connection=default_connection) -> None:
    """Refill the index from the products (after a restore from an old backup, say)."""
    search_index_ensure(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _run(cursor, [*SQLITE_REBUILD, "UPDATE catalog_search_version SET n = n + 1"])
        elif connection.vendor == "postgresql":
            _run(cursor, [*POSTGRES_REBUILD, "SELECT nextval('catalog_search_version')"])


def search_index_drop(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _run(cursor, SQLITE_DROP)
        elif connection.vendor == "postgresql":
            _run(cursor, POSTGRES_DROP)
