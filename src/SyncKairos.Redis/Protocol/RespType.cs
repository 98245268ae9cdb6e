namespace SyncKairos.Redis.Protocol;

/// <summary>The RESP2 and RESP3 reply types, named after the RESP3 specification.</summary>
public enum RespType : byte
{
    SimpleString = (byte)'+',
    SimpleError = (byte)'-',
    Integer = (byte)':',
    BulkString = (byte)'$',
    Array = (byte)'*',
    Null = (byte)'_',
    Double = (byte)',',
    Boolean = (byte)'#',
    BulkError = (byte)'!',
    VerbatimString = (byte)'=',
    BigNumber = (byte)'(',
    Map = (byte)'%',
    Set = (byte)'~',
    Push = (byte)'>',
}
