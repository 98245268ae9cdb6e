// SyncKairos.Audit: write-behind audit writer, PostgreSQL and SQLite sinks, migration runner.
