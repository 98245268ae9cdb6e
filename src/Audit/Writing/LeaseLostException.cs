namespace SyncKairos.Audit.Writing;

/// <summary>The trim script found the lease held by someone else: this writer must stop touching the list.</summary>
internal sealed class LeaseLostException : Exception
{
    public LeaseLostException()
        : base("The audit queue lease is no longer held by this writer.")
    {
    }
}
