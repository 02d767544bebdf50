"""``in_keys``: ``field IN (…)`` for long lists of integer keys.

``pk__in=ids`` makes one query parameter per key, each converted by Django
and quoted by the driver: the sweep asks for tens of thousands of keys per
day that way, seconds of Python. ``pk__in_keys=ids`` sends PostgreSQL one
array literal (``id = ANY('{…}'::bigint[])``); elsewhere it is ``IN`` as usual.
"""

from django.db import models


class InKeys(models.Lookup):
    lookup_name = "in_keys"
    prepare_rhs = False

    def _keys(self) -> list[int]:
        return [int(key) for key in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = self._keys()
        if not keys:
            return "1 = 0", []
        return f"{lhs} IN ({', '.join(['%s'] * len(keys))})", [*lhs_params, *keys]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        literal = "{" + ",".join(map(str, self._keys())) + "}"
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, literal]


# A relation keeps its own lookups (those registered on Field do not reach it).
models.Field.register_lookup(InKeys)
models.ForeignObject.register_lookup(InKeys)
