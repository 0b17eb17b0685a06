"""The product search index: kept in step with products by triggers in the database itself.

SQLite (embedded mode): an FTS5 table `catalog_product_fts` (name, category, description; rowid is the
product id) and an `fts5vocab` view of its words for typo suggestions.
PostgreSQL: `catalog_product_search` (product id, weighted tsvector: name A, category B, description C,
and the product's is_active and category_id, so a search never needs the product table) with a GIN index, and `catalog_search_word`, the words of product and category names for typo suggestions
(`pg_trgm` similarity when the extension could be created).

On PostgreSQL each index row also carries what the filters and sorts need, so a search reads one table and
never the variants: the product's name, created_at, lowest price and its facet signature, the sorted distinct
tokens of its variants: "<price range><s|o>" for each variant ("1s": in the second price range, in stock) and
"<price range><s|o>:<size>" for each sized one ("1s:M"). A catalogue has few distinct signatures: each is
stored once in `catalog_search_signature` and the row holds its id (`signature`), so facet counts group the
matches by a small integer (counted in Python, catalog/search.py) and a facet filter keeps the ids whose tokens
overlap the ones it accepts. Statement triggers on catalog_variant keep them exact: they lock the
affected products' index rows in product order, then recompute them from the variants with a fresh snapshot,
so two transactions changing sizes of one product never leave the older view behind.

Triggers on catalog_product and catalog_category keep the index up to date on every write path (the ORM,
bulk_create, `shopkeep shell`, raw SQL), so a product added or edited is found on the very next search.
Cached search results are keyed by a version counter (`catalog_search_version`: a row on SQLite, a sequence on
PostgreSQL, so concurrent writers never wait on it) that the one catalogue hook, `catalog_changed`, moves on
(`search_version_bump`, connected in catalog/signals.py).
SQLite drops a table's triggers when Django rebuilds the table in a later migration, so
`search_index_ensure` runs after every `migrate` and puts back (and refills) whatever is missing.
"""

from decimal import Decimal

from django.db import connection as default_connection
from django.db import transaction

# Price ranges in the shop's currency: (key, lowest included, highest excluded). The index stores each variant's
# range number: changing these needs a migration that calls search_index_rebuild().
PRICE_RANGES = [
    ("0-20", None, Decimal("20")),
    ("20-50", Decimal("20"), Decimal("50")),
    ("50-100", Decimal("50"), Decimal("100")),
    ("100-", Decimal("100"), None),
]

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
# Earlier versions moved the search version from triggers; the catalogue hook does it now (one path).
SEARCH_VERSION_TABLES = ("catalog_product", "catalog_variant", "catalog_category")
SQLITE_OLD_TRIGGERS = [f"{table}_search_version_{event}" for table in SEARCH_VERSION_TABLES
                       for event in ("insert", "update", "delete")]
SQLITE_TABLES = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_OLD_TRIGGERS),
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


def _price_range_sql(price: str) -> str:
    cases = []
    for index, (_, low, high) in enumerate(PRICE_RANGES):
        bounds = [f"{price} >= {low}" if low is not None else "", f"{price} < {high}" if high is not None else ""]
        cases.append(f"WHEN {' AND '.join(b for b in bounds if b) or 'true'} THEN '{index}'")
    return f"(CASE {' '.join(cases)} END)"


def _facets_sql(product_id: str) -> str:
    """The facet signature of one product, computed from its variants (sorted, distinct)."""
    token = f"{_price_range_sql('v.price')} || CASE WHEN v.stock > 0 THEN 's' ELSE 'o' END"
    return f"""ARRAY(SELECT DISTINCT t FROM catalog_variant v, LATERAL (SELECT {token} AS k) k,
                 LATERAL (VALUES (k.k), (CASE WHEN v.size <> '' THEN k.k || ':' || v.size END)) AS x(t)
                 WHERE v.product_id = {product_id} AND t IS NOT NULL ORDER BY t)"""


def _min_price_sql(product_id: str) -> str:
    return f"(SELECT min(v.price) FROM catalog_variant v WHERE v.product_id = {product_id})"


POSTGRES_CREATE = [
    """CREATE TABLE IF NOT EXISTS catalog_product_search (
         product_id integer PRIMARY KEY, document tsvector NOT NULL,
         is_active boolean NOT NULL DEFAULT true, category_id integer)""",
    "ALTER TABLE catalog_product_search ADD COLUMN IF NOT EXISTS name text NOT NULL DEFAULT ''",
    "ALTER TABLE catalog_product_search ADD COLUMN IF NOT EXISTS created_at timestamptz",
    "ALTER TABLE catalog_product_search ADD COLUMN IF NOT EXISTS min_price numeric",
    "ALTER TABLE catalog_product_search ADD COLUMN IF NOT EXISTS signature integer",
    "ALTER TABLE catalog_product_search DROP COLUMN IF EXISTS facets",
    """CREATE TABLE IF NOT EXISTS catalog_search_signature (id serial PRIMARY KEY, tokens text[] NOT NULL)""",
    # Unique by digest: a product with very many sizes would exceed a btree entry's size limit. (Immutable: the
    # tokens are text, whose output never depends on settings.)
    """CREATE OR REPLACE FUNCTION catalog_search_signature_key(tokens text[]) RETURNS text
       LANGUAGE sql IMMUTABLE AS $$ SELECT md5(array_to_string(tokens, chr(31))) $$""",
    """CREATE UNIQUE INDEX IF NOT EXISTS catalog_search_signature_tokens
       ON catalog_search_signature (catalog_search_signature_key(tokens))""",
    """CREATE OR REPLACE FUNCTION catalog_search_signature_id(wanted text[]) RETURNS integer LANGUAGE plpgsql AS $$
       DECLARE found integer; wanted_key text := catalog_search_signature_key(wanted);
       BEGIN
         SELECT id INTO found FROM catalog_search_signature WHERE catalog_search_signature_key(tokens) = wanted_key;
         IF found IS NULL THEN
           INSERT INTO catalog_search_signature (tokens) VALUES (wanted)
           ON CONFLICT ((catalog_search_signature_key(tokens))) DO NOTHING RETURNING id INTO found;
           IF found IS NULL THEN  -- another transaction added it meanwhile
             SELECT id INTO found FROM catalog_search_signature WHERE catalog_search_signature_key(tokens) = wanted_key;
           END IF;
         END IF;
         RETURN found;
       END $$""",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_document ON catalog_product_search USING gin (document)",
    # A category page read from the index alone, its first page in name order. (An update that changes none of
    # these columns, as most stock changes do not change the signature, can stay a HOT update.)
    "DROP INDEX IF EXISTS catalog_product_search_category",
    """CREATE INDEX IF NOT EXISTS catalog_product_search_listing ON catalog_product_search
       (category_id, name, product_id) INCLUDE (signature, min_price, created_at) WHERE is_active""",
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
         INSERT INTO catalog_product_search
           (product_id, document, is_active, category_id, name, created_at, min_price, signature)
         VALUES (NEW.id, catalog_search_document(NEW.name, c_name, NEW.description), NEW.is_active, NEW.category_id,
           NEW.name, NEW.created_at, {_min_price_sql("NEW.id")}, catalog_search_signature_id({_facets_sql("NEW.id")}))
         ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document, is_active = EXCLUDED.is_active,
           category_id = EXCLUDED.category_id, name = EXCLUDED.name, created_at = EXCLUDED.created_at;
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
       AFTER INSERT OR DELETE OR UPDATE OF name, description, category_id, is_active, created_at ON catalog_product
       FOR EACH ROW EXECUTE FUNCTION catalog_product_search_sync()""",
    "DROP TRIGGER IF EXISTS catalog_product_search_clear ON catalog_product",
    """CREATE TRIGGER catalog_product_search_clear AFTER TRUNCATE ON catalog_product
       FOR EACH STATEMENT EXECUTE FUNCTION catalog_product_search_clear()""",
    "DROP TRIGGER IF EXISTS catalog_category_search_sync ON catalog_category",
    """CREATE TRIGGER catalog_category_search_sync AFTER UPDATE OF name ON catalog_category
       FOR EACH ROW EXECUTE FUNCTION catalog_category_search_sync()""",
    f"""CREATE OR REPLACE FUNCTION catalog_search_facets_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
       BEGIN
         IF cardinality(ids) = 0 THEN RETURN; END IF;
         -- Lock first, in product order (no deadlock between two refreshes); the UPDATE below then reads the
         -- variants with a new snapshot, which includes whatever a transaction we waited for committed.
         PERFORM 1 FROM catalog_product_search WHERE product_id = ANY(ids) ORDER BY product_id FOR UPDATE;
         -- Rows whose data did not change are left alone (a stock count moving from 9 to 8, say).
         UPDATE catalog_product_search s SET min_price = x.min_price, signature = x.signature
         FROM (SELECT p.id, {_min_price_sql("p.id")} AS min_price,
                      catalog_search_signature_id({_facets_sql("p.id")}) AS signature
               FROM unnest(ids) AS p(id)) AS x
         WHERE s.product_id = x.id AND (s.min_price, s.signature) IS DISTINCT FROM (x.min_price, x.signature);
       END $$""",
    """CREATE OR REPLACE FUNCTION catalog_variant_search_facets() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           PERFORM catalog_search_facets_refresh(ARRAY(SELECT DISTINCT product_id FROM new_rows));
         ELSIF TG_OP = 'DELETE' THEN
           PERFORM catalog_search_facets_refresh(ARRAY(SELECT DISTINCT product_id FROM old_rows));
         ELSE
           PERFORM catalog_search_facets_refresh(ARRAY(
             SELECT product_id FROM new_rows UNION SELECT product_id FROM old_rows));
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION catalog_variant_search_facets_clear() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE catalog_product_search SET min_price = NULL, signature = catalog_search_signature_id('{}');
         RETURN NULL;
       END $$""",
    *(statement for event, transition in (("insert", "NEW TABLE AS new_rows"), ("delete", "OLD TABLE AS old_rows"),
                                          ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"))
      for statement in (
        f"DROP TRIGGER IF EXISTS catalog_variant_search_facets_{event} ON catalog_variant",
        f"""CREATE TRIGGER catalog_variant_search_facets_{event} AFTER {event.upper()} ON catalog_variant
            REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION catalog_variant_search_facets()""",
    )),
    "DROP TRIGGER IF EXISTS catalog_variant_search_facets_truncate ON catalog_variant",
    """CREATE TRIGGER catalog_variant_search_facets_truncate AFTER TRUNCATE ON catalog_variant
       FOR EACH STATEMENT EXECUTE FUNCTION catalog_variant_search_facets_clear()""",
    "CREATE SEQUENCE IF NOT EXISTS catalog_search_version",
    # Earlier versions moved the version from triggers; the catalogue hook does it now (one path).
    *(statement for table in SEARCH_VERSION_TABLES for statement in (
        f"DROP TRIGGER IF EXISTS {table}_search_version ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_search_version_truncate ON {table}",
    )),
    "DROP FUNCTION IF EXISTS catalog_search_version_bump()",
]
POSTGRES_REBUILD = [
    "TRUNCATE catalog_product_search, catalog_search_signature",
    f"""INSERT INTO catalog_product_search
         (product_id, document, is_active, category_id, name, created_at, min_price, signature)
       SELECT p.id, catalog_search_document(p.name, c.name, p.description), p.is_active, p.category_id,
         p.name, p.created_at, {_min_price_sql("p.id")}, catalog_search_signature_id({_facets_sql("p.id")})
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
    *(f"DROP TRIGGER IF EXISTS catalog_variant_search_facets_{event} ON catalog_variant"
      for event in ("insert", "update", "delete", "truncate")),
    "DROP FUNCTION IF EXISTS catalog_variant_search_facets()",
    "DROP FUNCTION IF EXISTS catalog_variant_search_facets_clear()",
    "DROP FUNCTION IF EXISTS catalog_search_facets_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS catalog_search_signature_id(text[])",
    "DROP TABLE IF EXISTS catalog_search_signature",
    "DROP FUNCTION IF EXISTS catalog_search_signature_key(text[])",
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
                           "OR NOT EXISTS (SELECT 1 FROM pg_trigger "
                           "               WHERE tgname = 'catalog_variant_search_facets_update') "
                           "OR to_regclass('catalog_product_search_listing') IS NULL "
                           "OR to_regclass('catalog_search_signature') IS NULL "
                           "OR EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'catalog_variant_search_version')")
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


def search_version_bump(connection=default_connection) -> None:
    """Move the catalogue's version on (the catalogue hook calls this for every change)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval('catalog_search_version')")
        elif connection.vendor == "sqlite":
            cursor.execute("UPDATE catalog_search_version SET n = n + 1")


def facets_stale(connection=default_connection) -> list[int]:
    """Ids of products whose stored prices and facet signature differ from their variants' (PostgreSQL; [] is
    exact). For tests and for checking a database after changes made with triggers off."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT s.product_id FROM catalog_product_search s
                           WHERE (SELECT d.tokens FROM catalog_search_signature d WHERE d.id = s.signature)
                                 IS DISTINCT FROM {_facets_sql("s.product_id")}
                              OR s.min_price IS DISTINCT FROM {_min_price_sql("s.product_id")}
                           ORDER BY 1""")
        return [row[0] for row in cursor.fetchall()]


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
