"""Which attachments are working copies, said once for every query and check.

A working copy (app/core/working_copies.py) says so in its metadata. ``derived_from``
alone does not: it also links a phone bundle's items and report to the bundle they came
in (app/core/phone_import.py), and those are evidence the seal covers and a correction
carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WORKING_COPY_MARK = "working_copy"
# The same test in SQL, over the attachments table's metadata_json.
IS_WORKING_COPY_SQL = "coalesce(json_extract(metadata_json, '$.working_copy'), 0) = 1"


def is_working_copy(metadata: Mapping[str, Any]) -> bool:
    return metadata.get(WORKING_COPY_MARK) is True
