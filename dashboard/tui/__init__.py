"""The Textual dashboard: panels of named-query figures, drill-down to rows.

Nothing here runs SQL of its own: every number and every row comes from
:class:`dashboard.figures.Figures`, which reads the named queries in
``queries/`` and masks personal data unless ``--unmask``.
"""
