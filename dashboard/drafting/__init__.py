"""Drafting the annual 法治政府建设情况报告 (all four parts) from the ledgers.

``build.build_draft`` composes the draft model (``model``) from named queries
only, part by part (``part_one`` … ``part_four``), with the 核对 list between
ledgers (``checks``) and the row text masked in one pass (``masking``);
``render`` and ``docx_writer`` write it, ``edit`` reads an edited Markdown back
and ``saved`` keeps a year's edits beside the store. ``dash draft`` lives in the
CLI; no Textual here: the TUI screen lives in ``dashboard.tui``.
"""
