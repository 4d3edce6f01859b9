using Assistant.Web.Admin.Stores;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Admin.Security;

/// <summary>
/// Checks a name and password under a throttle per account and client address, with growing waits: a few quick
/// failures, then fewer per ten minutes, and at most <see cref="AdminOptions.LockoutFailuresPerHour"/> in any hour
/// (<see cref="Budgets"/>). An attempt is reserved in storage before the password is checked and forgotten only when it
/// succeeds, so the budgets hold however many requests arrive at once. Because the count is per address, a stranger
/// who guesses wrong slows down only themselves: the account's owner, elsewhere, still signs in. Unknown names are
/// treated like known ones (same throttle, same time spent), so the answers do not reveal which accounts exist.
/// </summary>
public sealed class StaffSignIn(IStaffStore store, StaffPasswords passwords, IAuditLogStore audit, TimeProvider clock,
    IOptions<AdminOptions> options, ILogger<StaffSignIn> logger)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The failure budgets of one account and address at <paramref name="now"/>: per minute, per ten minutes, per hour.</summary>
    public static IReadOnlyList<LoginBudget> Budgets(DateTimeOffset now, int perHour) =>
    [
        new(now - TimeSpan.FromMinutes(1), Math.Max(1, perHour * 3 / 10)),
        new(now - TimeSpan.FromMinutes(10), Math.Max(1, perHour * 6 / 10)),
        new(now - Window, perHour),
    ];

    /// <param name="client">Where the attempt comes from (the client address); failures are counted per account and address.</param>
    public async Task<SignInOutcome> CheckAsync(string? name, string? password, string client, CancellationToken cancellationToken)
    {
        var normalized = StaffAccounts.Normalize(name);
        if (normalized is null || string.IsNullOrEmpty(password) || password.Length > StaffPasswords.MaxLength)
        {
            return SignInOutcome.Failed;
        }

        var now = clock.GetUtcNow();
        var budgets = Budgets(now, options.Value.LockoutFailuresPerHour);
        var attempt = await store.TryBeginLoginAttemptAsync(normalized, client, now, budgets, cancellationToken);
        if (attempt is null)
        {
            logger.LogWarning("Sign-in refused for {Account} from {Client}: too many recent failures from there", normalized, client);
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
            logger.LogWarning("Sign-in failed for {Account} from {Client}: wrong password", normalized, client);
            if (await store.CountLoginFailuresAsync(normalized, budgets[0].Since, cancellationToken) == budgets[0].Limit)
            {
                // The first throttle of a burst is worth a line in the audit log; the attempts after it are not.
                await AuditAsync("system", "staff.sign-in-throttled", normalized, $"{{\"client\":\"{client}\"}}", cancellationToken);
            }

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
