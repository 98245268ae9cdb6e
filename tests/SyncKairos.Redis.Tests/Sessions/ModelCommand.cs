namespace SyncKairos.Redis.Tests.Sessions;

/// <summary>One generated command with the (possibly lagging) gateway time it carries.</summary>
internal sealed record ModelCommand(ModelCommandKind Kind, long Now, string? Next = null, string? Expected = null)
{
    public override string ToString() => $"{Kind}@{Now - Sessions.T0}{(Next is null ? "" : " next=" + Next[^4..])}{(Expected is null ? "" : " expect=" + Expected[^4..])}";
}
