// SyncKairos.Core: session model, validation, error codes and time arithmetic. No I/O.
