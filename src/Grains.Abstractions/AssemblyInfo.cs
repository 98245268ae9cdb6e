// SyncKairos.Grains.Abstractions: session model, validation, error codes and time arithmetic. No I/O.
