using SyncKairos.Redis.Protocol;

namespace SyncKairos.Redis.Client;

public sealed partial class RedisConnection
{
    /// <summary>
    /// Runs a script by <c>EVALSHA</c>. The first call on a link pipelines <c>SCRIPT LOAD</c> ahead of it
    /// (no extra round trip); a <c>NOSCRIPT</c> reply (e.g. after <c>SCRIPT FLUSH</c>) loads and retries once.
    /// </summary>
    public async Task<RespValue> EvalAsync(RedisScript script, RedisArg[] keys, RedisArg[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(args);
        var evalArgs = new RedisArg[2 + keys.Length + args.Length];
        evalArgs[0] = script.Sha1;
        evalArgs[1] = keys.Length;
        keys.CopyTo(evalArgs, 2);
        args.CopyTo(evalArgs, 2 + keys.Length);

        Task<RespValue>? load = null;
        if (!_loadedScripts.ContainsKey(script.Sha1))
        {
            load = ExecuteAsync("SCRIPT", ["LOAD", script.Source], cancellationToken);
        }

        var eval = ExecuteAsync("EVALSHA", evalArgs, cancellationToken);
        if (load is not null)
        {
            try
            {
                await load;
                _loadedScripts[script.Sha1] = true;
            }
            catch (Exception)
            {
                // EVALSHA behind it reports the same trouble (a script that does not compile shows up as NOSCRIPT,
                // and the retry below surfaces the real error; a broken link fails both).
            }
        }

        try
        {
            return await eval;
        }
        catch (RedisServerException ex) when (ex.Kind == RedisErrorKind.NoScript)
        {
            Log.ScriptReload(_logger, script.Sha1);
            _loadedScripts.TryRemove(script.Sha1, out _);
            await ExecuteAsync("SCRIPT", ["LOAD", script.Source], cancellationToken);
            _loadedScripts[script.Sha1] = true;
            return await ExecuteAsync("EVALSHA", evalArgs, cancellationToken);
        }
    }
}
