using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Tests.Protocol;

/// <summary>
/// Random and mutated frames: the reader may decode, wait for more, or raise a protocol error, nothing else.
/// Any other outcome is a crash; add the input to <see cref="RespReaderFuzzRegressionUnitTests"/>.
/// </summary>
public class RespReaderFuzzUnitTests
{
    private static readonly byte[][] Seeds =
    [
        .. RespReaderUnitTests.Frames.Select(row => Encoding.UTF8.GetBytes(row.Data.Item1)),
        "%4\r\n"u8.ToArray(),
        "*3\r\n$3\r\nfoo\r\n:-1\r\n,1e308\r\n"u8.ToArray(),
    ];

    private static readonly byte[] Interesting = "+-:$*_,#!=(%~>|\r\n0123456789-tfinax"u8.ToArray();

    private static readonly Gen<(int Op, int At, byte Value)> Edit =
        from op in Gen.Choose(0, 2)
        from at in Gen.Choose(0, 1000)
        from value in Gen.Elements(Interesting)
        select (op, at, value);

    [Fact]
    public void RandomBytesNeverCrash()
    {
        var bytes = Gen.ArrayOf(Gen.OneOf(Gen.Elements(Interesting), Gen.Choose(0, 255).Select(i => (byte)i)));
        var property = Prop.ForAll(bytes.ToArbitrary(), input => ReadsSafely(input));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), property);
    }

    [Fact]
    public void MutatedFramesNeverCrash()
    {
        var mutated =
            from seed in Gen.Elements(Seeds)
            from edits in Gen.ListOf(Edit)
            select Mutate(seed, edits);
        var property = Prop.ForAll(mutated.ToArbitrary(), input => ReadsSafely(input));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
    }

    [Fact]
    public void ConcatenatedFramesAtRandomSplitsDecodeTheSame()
    {
        var cases =
            from frames in Gen.ListOf(Gen.Elements(Seeds.Take(Seeds.Length - 2).ToArray()))
            from cut in Gen.Choose(0, 10_000)
            select (Bytes: frames.SelectMany(f => f).ToArray(), Count: frames.Count, Cut: cut);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var whole = new ReadOnlySequence<byte>(c.Bytes);
            var split = c.Bytes.Length == 0 ? whole : Segments.SplitAt(c.Bytes, c.Cut % (c.Bytes.Length + 1));
            return Describe(ref whole) == Describe(ref split);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);
    }

    private static string Describe(ref ReadOnlySequence<byte> buffer)
    {
        var text = new StringBuilder();
        while (RespReader.TryRead(ref buffer, out var value))
        {
            text.Append(RespText.Describe(value)).Append('|');
        }

        return text.Append(buffer.Length).ToString();
    }

    private static byte[] Mutate(byte[] seed, IEnumerable<(int Op, int At, byte Value)> edits)
    {
        var bytes = seed.ToList();
        foreach (var (op, at, value) in edits)
        {
            var index = bytes.Count == 0 ? 0 : at % bytes.Count;
            switch (op)
            {
                case 0 when bytes.Count > 0:
                    bytes[index] = value;
                    break;
                case 1:
                    bytes.Insert(index, value);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(index);
                    break;
            }
        }

        return [.. bytes];
    }

    private static bool ReadsSafely(byte[] input)
    {
        var options = new RespReaderOptions { MaxBulkLength = 1 << 20, MaxAggregateLength = 1 << 16, MaxDepth = 16, MaxLineLength = 4096 };
        foreach (var buffer in new[] { new ReadOnlySequence<byte>(input), Segments.OneBytePerSegment(input) })
        {
            var rest = buffer;
            try
            {
                while (RespReader.TryRead(ref rest, out _, options))
                {
                }
            }
            catch (RespProtocolException)
            {
            }
        }

        return true;
    }
}
