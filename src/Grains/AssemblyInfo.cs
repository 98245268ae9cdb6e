// SyncKairos.Grains: the session rules (pure), the read view, SessionGrain and its Redis storage.
