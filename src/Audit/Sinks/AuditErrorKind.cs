namespace SyncKairos.Audit.Sinks;

public enum AuditErrorKind
{
    /// <summary>The store or the link is unwell (down, restarting, overloaded, misconfigured): back off and retry forever.</summary>
    Transient,

    /// <summary>The data itself is refused (constraint, bad value): retrying the same event cannot succeed.</summary>
    Permanent,
}
