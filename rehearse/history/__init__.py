"""Every rehearsal kept in SQLite (the only code that touches it), and what the history says:
key metrics, usual and best values, trends, charts."""
