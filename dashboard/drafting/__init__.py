"""Drafting parts three and four of the annual 法治政府建设情况报告 from the ledgers.

``build.build_draft`` composes the draft model (``model``) from named queries
only; ``render`` and ``docx_writer`` write it; ``command.run_draft`` is
``dash draft``. No Textual here: the TUI screen lives in ``dashboard.tui``.
"""
