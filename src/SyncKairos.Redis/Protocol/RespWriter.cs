using System.Buffers;
using System.Buffers.Text;

namespace SyncKairos.Redis.Protocol;

/// <summary>Encodes commands as RESP arrays of bulk strings (the only form servers accept from clients).</summary>
public static class RespWriter
{
    public static void WriteCommand(IBufferWriter<byte> output, string command, ReadOnlySpan<RedisArg> args)
    {
        WriteHeader(output, (byte)'*', args.Length + 1);
        RedisArg name = command;
        name.WriteTo(output);
        foreach (var arg in args)
        {
            arg.WriteTo(output);
        }
    }

    internal static void WriteHeader(IBufferWriter<byte> output, byte prefix, long length)
    {
        var span = output.GetSpan(24);
        span[0] = prefix;
        Utf8Formatter.TryFormat(length, span[1..], out var written);
        span[written + 1] = (byte)'\r';
        span[written + 2] = (byte)'\n';
        output.Advance(written + 3);
    }
}
