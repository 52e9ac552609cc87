"""Listing use cases: cases with counts, testimonies page by page with one status word
(:data:`app.core.listing.STATUSES`) for both front ends."""

from __future__ import annotations

from app.core import listing
from app.core.listing import CaseRow, TestimonyFilter, TestimonyPage
from app.services.session import Session


def cases(session: Session) -> tuple[CaseRow, ...]:
    return listing.list_cases(session.connection)


def testimonies(
    session: Session,
    wanted: TestimonyFilter,
    after: tuple[str, str] | None = None,
    limit: int = listing.PAGE_SIZE,
) -> TestimonyPage:
    return listing.fetch_testimonies(session.connection, wanted, after, limit)


def count_testimonies(session: Session, case_id: str | None) -> int:
    return listing.count_testimonies(session.connection, case_id)
