"""The use cases a person performs, once, below both front ends.

The command line (``app.cli``) and the window (``app.gui``) call these and nothing below
them: they parse arguments or adapt to threads and signals, and format what comes back.
Each use case takes a :class:`~app.services.session.Session` (an unlocked vault and who is
acting) and calls core with the vault's parts. Results are ids and frozen dataclasses.
Qt-free; runs on whichever thread owns the session (the vault worker in the window).
"""
