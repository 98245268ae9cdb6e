using System.ComponentModel.DataAnnotations;

namespace SyncKairos.Audit;

/// <summary>Bound from <c>SyncKairos:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "SyncKairos:Audit";

    /// <summary>Npgsql connection string. When empty the audit trail goes to the SQLite file at <see cref="SqlitePath"/>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>SQLite database file used when no PostgreSQL is configured (embedded mode).</summary>
    public string SqlitePath { get; set; } = "synckairos-audit.db";

    /// <summary>Apply pending PostgreSQL migrations when the writer starts.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Run the writer in this process. Readers work either way.</summary>
    public bool WriterEnabled { get; set; } = true;

    /// <summary>Events read from the queue and written per round trip.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Consecutive batches of one list written at once, each on its own connection (trims stay in order).</summary>
    [Range(1, 16)]
    public int WriteConcurrency { get; set; } = 3;

    /// <summary>How many audit lists the session scripts spread events over (<c>sk:audit:0..N-1</c>).</summary>
    [Range(1, 16_384)]
    public int Buckets { get; set; } = 1;

    /// <summary>Prefix of every Redis key: lists are <c>{prefix}audit:{n}</c>, dead letters <c>{prefix}audit:dead:{n}</c>.</summary>
    [Required]
    public string KeyPrefix { get; set; } = "sk:";

    /// <summary>A writer that cannot renew its lease for this long stops writing that queue.</summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait between looks at an empty queue, and between tries for a lease another writer holds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>First retry delay after a failure; doubles on each further failure up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before an event the store refuses for a permanent reason goes to the dead-letter list.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Events (and sessions last updated) more than this many days ago are deleted by the writer in the background;
    /// 0 keeps everything. Null: the store's default (<see cref="Sinks.IAuditSink.DefaultRetentionDays"/>).
    /// </summary>
    [Range(0, 36_500)]
    public int? RetentionDays { get; set; }

    public string QueueKey(int bucket) => $"{KeyPrefix}audit:{bucket}";

    public string DeadLetterKey(int bucket) => $"{KeyPrefix}audit:dead:{bucket}";

    public string LeaseKey(int bucket) => $"{KeyPrefix}audit:lease:{bucket}";
}
