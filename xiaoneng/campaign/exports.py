"""The rectification ledger (整改台账) as Excel, with the supervision app's streaming writer."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xiaoneng.supervision.exports import CHUNK, xlsx_response

__all__ = ["CHUNK", "Column", "xlsx_response"]


@dataclass(frozen=True)
class Column:
    header: Any
    value: Callable

    def cell(self, obj):
        return self.value(obj)
