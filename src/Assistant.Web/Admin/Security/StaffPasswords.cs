using Assistant.Web.Admin.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Admin.Security;

/// <summary>
/// Password hashing with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2 with HMAC-SHA512, random
/// salt, format V3) at <see cref="Iterations"/> iterations. The iteration count travels inside each hash, so hashes made
/// with fewer iterations still verify and are replaced at the next successful sign-in.
/// </summary>
public sealed class StaffPasswords
{
    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA512.</summary>
    public const int Iterations = 210_000;

    public const int MinLength = 12;

    public const int MaxLength = 256;

    private static readonly StaffAccount Nobody = new("", StaffRoles.Reviewer, "", "", DateTimeOffset.UnixEpoch, null);

    private readonly PasswordHasher<StaffAccount> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    private readonly Lazy<string> _dummyHash;
    private long _verifications;

    public StaffPasswords() => _dummyHash = new Lazy<string>(() => Hash("not-a-password-of-anyone"));

    public string Hash(string password) => _hasher.HashPassword(Nobody, password);

    /// <summary>How many passwords were checked against a hash so far (each costs the full PBKDF2 work).</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    /// <returns>Whether it matched, and whether the stored hash should be replaced (made with fewer iterations).</returns>
    public (bool Matches, bool Rehash) Verify(string hash, string password)
    {
        Interlocked.Increment(ref _verifications);
        var result = _hasher.VerifyHashedPassword(Nobody, hash, password);
        return (result is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded,
            result == PasswordVerificationResult.SuccessRehashNeeded);
    }

    /// <summary>Spends the same time as a real check, so an unknown name cannot be told from a wrong password by timing.</summary>
    public void VerifyNobody(string password) => Verify(_dummyHash.Value, password);

    /// <summary>Null when the password may be used, otherwise the text key of the reason.</summary>
    public static string? Problem(string name, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return "password.too-short";
        }

        if (password.Length > MaxLength)
        {
            return "password.too-long";
        }

        if (password.Contains(name, StringComparison.OrdinalIgnoreCase) || password.Distinct().Count() < 5)
        {
            return "password.too-simple";
        }

        return null;
    }
}
