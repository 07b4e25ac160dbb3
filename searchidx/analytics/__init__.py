"""Entity analytics: who appears with whom (association), what is surging (trending), and the
co-occurrence network. Engine-independent: counts come through ``engine.Engine``, the statistics are here."""
