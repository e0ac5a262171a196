"""Chinese labels for result columns: the ledger declarations decide (see ``ledgers.column_labels``)."""

from ..ledgers import column_labels

__all__ = ["column_labels"]
