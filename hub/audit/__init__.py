"""The append-only, tamper-evident audit log: pure chain logic (chain.py), the store contract (store.py) and
its SQL implementation for SQLite and PostgreSQL (sql.py)."""
