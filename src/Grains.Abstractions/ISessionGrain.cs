namespace SyncKairos.Grains.Abstractions;

/// <summary>
/// One session, one grain, keyed by the session id in lower case (ids are case-insensitive; the state keeps the
/// id as the client wrote it). Orleans runs the calls of one activation one at a time, so no command races another.
/// Every command answers a <see cref="SessionReply"/> instead of throwing: refusals (validation, wrong status,
/// guards, store unavailable) are ordinary results on the hot path.
/// </summary>
[Alias("synckairos.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Validates and creates the session at version 1; SESSION_ALREADY_EXISTS when it exists.</summary>
    [Alias("Create")]
    Task<SessionReply> Create(CreateSessionRequest request);

    /// <summary>The committed state from the activation's memory; SESSION_NOT_FOUND when there is none.</summary>
    [Alias("Get")]
    Task<SessionReply> Get();

    [Alias("Start")]
    Task<SessionReply> Start();

    /// <summary>Switch with its guards (<c>expected_active_participant_id</c>, <c>request_id</c>) and the per-session rate limit.</summary>
    [Alias("Switch")]
    Task<SessionReply> Switch(SwitchRequest request);

    [Alias("Pause")]
    Task<SessionReply> Pause();

    [Alias("Resume")]
    Task<SessionReply> Resume();

    [Alias("Complete")]
    Task<SessionReply> Complete();

    /// <summary>Deletes the session; true when it existed. Idempotent: deleting nothing is not an error.</summary>
    [Alias("Delete")]
    Task<SessionReply> Delete();

    /// <summary>
    /// Registers (or refreshes the lease of) a silo's observer and answers the current state in the same turn,
    /// so the subscriber's first snapshot and the first push it receives cannot miss a change between them.
    /// </summary>
    [Alias("Subscribe")]
    Task<SessionReply> Subscribe(ISessionObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(ISessionObserver observer);

    /// <summary>
    /// The expiry back-stop's call: activates the session if it is not active (loading it arms its expiry timer) and
    /// expires it now if its deadline has passed. Harmless for any session at any time.
    /// </summary>
    [Alias("Wake")]
    Task Wake();
}
