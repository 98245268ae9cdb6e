/** Wire types of the SyncKairos v1 contract (docs/API.md). Field names are the JSON names. */
export {};
