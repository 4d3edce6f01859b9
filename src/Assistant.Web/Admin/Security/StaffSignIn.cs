using Assistant.Web.Admin.Stores;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Admin.Security;

/// <summary>
/// Checks a name and password under the lockout rule: an attempt is reserved in storage before the password is checked
/// and forgotten only when it succeeds, so at most <see cref="AdminOptions.LockoutFailuresPerHour"/> failures per account
/// fit in any hour, however many requests arrive at once. Unknown names are treated like known ones (same lockout, same
/// time spent), so the answers do not reveal which accounts exist.
/// </summary>
public sealed class StaffSignIn(IStaffStore store, StaffPasswords passwords, IAuditLogStore audit, TimeProvider clock,
    IOptions<AdminOptions> options, ILogger<StaffSignIn> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public async Task<SignInOutcome> CheckAsync(string? name, string? password, CancellationToken cancellationToken)
    {
        var normalized = StaffAccounts.Normalize(name);
        if (normalized is null || string.IsNullOrEmpty(password) || password.Length > StaffPasswords.MaxLength)
        {
            return SignInOutcome.Failed;
        }

        var now = clock.GetUtcNow();
        var attempt = await store.TryBeginLoginAttemptAsync(normalized, now, now - Window, options.Value.LockoutFailuresPerHour,
            cancellationToken);
        if (attempt is null)
        {
            logger.LogWarning("Sign-in refused for {Account}: locked out after repeated failures", normalized);
            return SignInOutcome.LockedOut;
        }

        var account = await store.FindAsync(normalized, cancellationToken);
        if (account is null)
        {
            passwords.VerifyNobody(password);
            logger.LogWarning("Sign-in failed for an unknown account name");
            return SignInOutcome.Failed;
        }

        var (matches, rehash) = passwords.Verify(account.PasswordHash, password);
        if (!matches)
        {
            logger.LogWarning("Sign-in failed for {Account}: wrong password", normalized);
            return SignInOutcome.Failed;
        }

        await store.ForgetLoginAttemptAsync(attempt.Value, cancellationToken);
        account = account with
        {
            LastSignInAt = now,
            PasswordHash = rehash ? passwords.Hash(password) : account.PasswordHash,
        };
        await store.UpdateAsync(account, cancellationToken);
        return SignInOutcome.Success(account);
    }

    public Task AuditAsync(string actor, string action, string subject, string? details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), actor, action, subject, details), cancellationToken);
}

public sealed record SignInOutcome(SignInResultKind Kind, StaffAccount? Account)
{
    public static readonly SignInOutcome Failed = new(SignInResultKind.Failed, null);

    public static readonly SignInOutcome LockedOut = new(SignInResultKind.LockedOut, null);

    public static SignInOutcome Success(StaffAccount account) => new(SignInResultKind.Success, account);
}

public enum SignInResultKind
{
    Success,
    Failed,
    LockedOut,
}
