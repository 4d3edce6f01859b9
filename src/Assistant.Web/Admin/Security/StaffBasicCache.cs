using System.Security.Cryptography;
using System.Text;
using Assistant.Web.Admin.Stores;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Admin.Security;

/// <summary>
/// Remembers HTTP Basic credentials of the admin API that were verified, for <see cref="AdminOptions.BasicAuthCacheSeconds"/>,
/// so that a script calling the API does not pay the password hashing on every request. An entry is found by a keyed hash
/// of name and password (the password itself is never kept) and holds the account's security stamp, role and password
/// hash as they were: each hit reads the account again and is taken only while all three are unchanged, so a new password,
/// a new role, ended sessions or a deleted account end it at once. Failed checks are never remembered.
/// </summary>
public sealed class StaffBasicCache(IMemoryCache cache, IStaffStore store, IOptions<AdminOptions> options, TimeProvider clock)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The account the credential was verified for, when it was and nothing about the account changed since.</summary>
    public async Task<StaffAccount?> FindAsync(string name, string password, CancellationToken cancellationToken)
    {
        if (options.Value.BasicAuthCacheSeconds <= 0 || StaffAccounts.Normalize(name) is not { } normalized)
        {
            return null;
        }

        var key = Key(normalized, password);
        if (!cache.TryGetValue(key, out Verified? verified) || verified is null || verified.Until <= clock.GetUtcNow())
        {
            return null;
        }

        var account = await store.FindAsync(normalized, cancellationToken);
        if (account is null || account.SecurityStamp != verified.Stamp || account.Role != verified.Role
            || account.PasswordHash != verified.PasswordHash)
        {
            cache.Remove(key);
            return null;
        }

        return account;
    }

    /// <summary>Remembers a credential that was just verified for <paramref name="account"/> (as stored after the sign-in).</summary>
    public void Remember(string name, string password, StaffAccount account)
    {
        var seconds = options.Value.BasicAuthCacheSeconds;
        if (seconds <= 0 || StaffAccounts.Normalize(name) is not { } normalized)
        {
            return;
        }

        var lifetime = TimeSpan.FromSeconds(seconds);
        cache.Set(Key(normalized, password), new Verified(account.SecurityStamp, account.Role, account.PasswordHash, clock.GetUtcNow() + lifetime),
            lifetime);
    }

    private string Key(string name, string password)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(name + "\n" + password));
        return "staff-basic:" + Convert.ToHexString(mac);
    }

    private sealed record Verified(string Stamp, string Role, string PasswordHash, DateTimeOffset Until);
}
