"""Help: the keys of every screen, from their bindings."""
