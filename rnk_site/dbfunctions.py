"""Database functions written in each engine's own SQL, usable where Python functions are not."""

from django.db import models


class DatePart(models.Func):
    """
    The year, month or day of a date, as a (64-bit) integer, so that arithmetic on it does
    not overflow PostgreSQL's 32-bit ``integer``.

    Django's ``Extract`` calls a Python function on SQLite, which a generated column or an
    index cannot hold (any other connection to the file would lack it); this is SQLite's
    own ``substr`` of the ISO date Django stores, and ``EXTRACT`` (immutable for a date)
    elsewhere.
    """

    output_field = models.BigIntegerField()
    # Where each part sits in the 'YYYY-MM-DD' text SQLite stores a date as.
    SQLITE_SPANS = {"year": (1, 4), "month": (6, 2), "day": (9, 2)}

    def __init__(self, part, expression, **extra):
        if part not in self.SQLITE_SPANS:
            raise ValueError(f"DatePart takes year, month or day, not {part!r}")
        self.part = part
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        template = f"CAST(EXTRACT({self.part.upper()} FROM %(expressions)s) AS bigint)"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        start, length = self.SQLITE_SPANS[self.part]
        # No ", " in the SQL: Django's SQLite introspection splits a table's SQL at ", " to
        # read column collations, and a generated column's expression is part of that SQL.
        template = f"CAST(substr(%(expressions)s,{start},{length}) AS integer)"
        return super().as_sql(compiler, connection, template=template, **extra_context)
