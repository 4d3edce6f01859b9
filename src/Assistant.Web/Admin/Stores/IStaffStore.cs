namespace Assistant.Web.Admin.Stores;

/// <summary>
/// Staff accounts of the review desk and their sign-in attempts. Names are stored lower-case; the password is only ever
/// kept as a hash. Sign-in attempts are reserved before the password is checked, so that the lockout limit holds even
/// when many attempts for one account arrive at once.
/// </summary>
public interface IStaffStore
{
    Task<StaffAccount?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds the account; false when an account with that name exists already.</summary>
    Task<bool> CreateAsync(StaffAccount account, CancellationToken cancellationToken);

    /// <summary>Replaces role, password hash, security stamp and last sign-in of an existing account; false when there is none.</summary>
    Task<bool> UpdateAsync(StaffAccount account, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically: when, for every budget, fewer than <c>Limit</c> attempts for <paramref name="name"/> from
    /// <paramref name="client"/> are recorded at or after its <c>Since</c>, records one at <paramref name="now"/> and
    /// returns its id; otherwise returns null (throttled). A recorded attempt counts as a failure until
    /// <see cref="ForgetLoginAttemptAsync"/> removes it. Attempts older than every budget may be pruned on the way.
    /// </summary>
    Task<long?> TryBeginLoginAttemptAsync(string name, string client, DateTimeOffset now, IReadOnlyList<LoginBudget> budgets,
        CancellationToken cancellationToken);

    /// <summary>The attempt succeeded: it no longer counts as a failure.</summary>
    Task ForgetLoginAttemptAsync(long attemptId, CancellationToken cancellationToken);

    /// <summary>Failed sign-ins of the account since <paramref name="since"/>, from every client address.</summary>
    Task<int> CountLoginFailuresAsync(string name, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Lifts a throttle: forgets every recorded failure of the account, from every address.</summary>
    Task ClearLoginFailuresAsync(string name, CancellationToken cancellationToken);
}

/// <param name="Role"><c>admin</c> or <c>reviewer</c>.</param>
/// <param name="PasswordHash">ASP.NET Core Identity's PasswordHasher format (PBKDF2, iteration count inside the hash).</param>
/// <param name="SecurityStamp">Changes with the password or the role; a session cookie with another stamp is rejected.</param>
public sealed record StaffAccount(
    string Name,
    string Role,
    string PasswordHash,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt);

/// <summary>At most <paramref name="Limit"/> failed attempts at or after <paramref name="Since"/>.</summary>
public readonly record struct LoginBudget(DateTimeOffset Since, int Limit);
