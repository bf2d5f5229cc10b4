"""The report: frozen dataclasses of everything an analysis found, their JSON form (written
and read back), and the writers that show them (terminal, JSON, history views)."""
