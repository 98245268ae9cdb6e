namespace SyncKairos.Audit.Events;

/// <summary>An audit list entry that cannot be decoded; retrying will not help, so it is dead-lettered at once.</summary>
public sealed class AuditEventFormatException : Exception
{
    public AuditEventFormatException(string message)
        : base(message)
    {
    }

    public AuditEventFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
