using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SyncKairos.Redis.Protocol;

/// <summary>One argument of a command: text (UTF-8 on the wire), raw bytes, or an integer.</summary>
public readonly struct RedisArg
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly byte _kind; // 0 text, 1 bytes, 2 integer

    private RedisArg(string? text, ReadOnlyMemory<byte> bytes, long integer, byte kind)
    {
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _kind = kind;
    }

    public static implicit operator RedisArg(string text) => new(text, default, 0, 0);

    public static implicit operator RedisArg(byte[] bytes) => new(null, bytes, 0, 1);

    public static implicit operator RedisArg(ReadOnlyMemory<byte> bytes) => new(null, bytes, 0, 1);

    public static implicit operator RedisArg(long value) => new(null, default, value, 2);

    public static implicit operator RedisArg(int value) => new(null, default, value, 2);

    public static RedisArg FromString(string text) => text;

    public static RedisArg FromBytes(ReadOnlyMemory<byte> bytes) => bytes;

    public static RedisArg FromInt64(long value) => value;

    /// <summary>Writes <c>$len\r\npayload\r\n</c>.</summary>
    internal void WriteTo(IBufferWriter<byte> output)
    {
        switch (_kind)
        {
            case 0:
                var text = _text ?? string.Empty;
                var length = Encoding.UTF8.GetByteCount(text);
                RespWriter.WriteHeader(output, (byte)'$', length);
                var span = output.GetSpan(length + 2);
                Encoding.UTF8.GetBytes(text, span);
                span[length] = (byte)'\r';
                span[length + 1] = (byte)'\n';
                output.Advance(length + 2);
                break;
            case 1:
                RespWriter.WriteHeader(output, (byte)'$', _bytes.Length);
                output.Write(_bytes.Span);
                output.Write("\r\n"u8);
                break;
            default:
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(_integer, digits, out var written);
                RespWriter.WriteHeader(output, (byte)'$', written);
                var target = output.GetSpan(written + 2);
                digits[..written].CopyTo(target);
                target[written] = (byte)'\r';
                target[written + 1] = (byte)'\n';
                output.Advance(written + 2);
                break;
        }
    }

    public override string ToString() => _kind switch
    {
        0 => _text ?? string.Empty,
        1 => Encoding.UTF8.GetString(_bytes.Span),
        _ => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
