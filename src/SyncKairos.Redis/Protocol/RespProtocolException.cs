namespace SyncKairos.Redis.Protocol;

/// <summary>The peer sent bytes that are not valid RESP (or exceed our bounds). The connection must be dropped.</summary>
public sealed class RespProtocolException : Exception
{
    public RespProtocolException(string message)
        : base(message)
    {
    }
}
