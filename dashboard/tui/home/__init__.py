"""Home: every area at a glance, the panels and their grid."""
