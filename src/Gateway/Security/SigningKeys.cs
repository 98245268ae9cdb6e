using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SyncKairos.Gateway.Security;

/// <summary>The keys and algorithms tokens may be signed with; nothing else (and never <c>none</c>) is accepted.</summary>
public static class SigningKeys
{
    public static (IReadOnlyList<SecurityKey> Keys, IReadOnlyList<string> Algorithms) From(AuthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            keys.Add(new SymmetricSecurityKey(Convert.FromBase64String(settings.SigningKey)));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (!string.IsNullOrWhiteSpace(settings.PublicKeyPem))
        {
            var pem = settings.PublicKeyPem.Replace("\\n", "\n", StringComparison.Ordinal);
            try
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                keys.Add(new RsaSecurityKey(rsa));
                algorithms.Add(SecurityAlgorithms.RsaSha256);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(pem);
                keys.Add(new ECDsaSecurityKey(ecdsa));
                algorithms.Add(SecurityAlgorithms.EcdsaSha256);
            }
        }

        return (keys, algorithms);
    }
}
