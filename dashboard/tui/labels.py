"""Chinese labels for result columns (defined with the ledger declarations)."""

from ..ledgers import column_labels

__all__ = ["column_labels"]
