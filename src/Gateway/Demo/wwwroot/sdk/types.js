/** Wire types of the SyncKairos v1 contract (shared/API.md). Field names are the JSON names. */
export {};
