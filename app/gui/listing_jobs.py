"""Listing jobs for the workspace: cases, and testimonies page by page.

The queries and the status vocabulary are core's (:mod:`app.core.listing`); these only
carry them to the vault worker thread. Results are frozen dataclasses.
"""

from __future__ import annotations

from app.core.listing import (
    MAX_SEARCH_HITS,
    PAGE_SIZE,
    SEARCH_PAGE_SIZE,
    STATUSES,
    CaseRow,
    TestimonyFilter,
    TestimonyPage,
    TestimonyRow,
)
from app.gui.vault_worker import Job, JobContext
from app.services import listing

__all__ = [
    "MAX_SEARCH_HITS",
    "PAGE_SIZE",
    "SEARCH_PAGE_SIZE",
    "STATUSES",
    "CaseRow",
    "TestimonyFilter",
    "TestimonyPage",
    "TestimonyRow",
    "count_testimonies",
    "fetch_testimonies",
    "list_cases",
]


def list_cases() -> Job:
    def job(ctx: JobContext) -> tuple[CaseRow, ...]:
        return listing.cases(ctx.session)

    return job


def fetch_testimonies(
    wanted: TestimonyFilter, after: tuple[str, str] | None, limit: int = PAGE_SIZE
) -> Job:
    """The next page of testimonies matching ``wanted``, after the key ``after``."""

    def job(ctx: JobContext) -> TestimonyPage:
        return listing.testimonies(ctx.session, wanted, after, limit)

    return job


def count_testimonies(case_id: str | None) -> Job:
    def job(ctx: JobContext) -> int:
        return listing.count_testimonies(ctx.session, case_id)

    return job
