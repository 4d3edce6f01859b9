using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Security;

/// <summary>Creating and changing staff accounts, shared by the command line and the admin page; every change is audited.</summary>
public sealed partial class StaffAccounts(IStaffStore store, IAuditLogStore audit, StaffPasswords passwords, TimeProvider clock)
{
    /// <summary>Lower-case letters, digits and . _ - @, 2 to 64 characters (an e-mail address works).</summary>
    public static string? Normalize(string? name)
    {
        var normalized = name?.Trim().ToLowerInvariant();
        return normalized is not null && NamePattern().IsMatch(normalized) ? normalized : null;
    }

    public async Task<AccountChange> CreateAsync(string name, string role, string password, string actor, CancellationToken cancellationToken)
    {
        if (Normalize(name) is not { } normalized)
        {
            return AccountChange.Failed("account.bad-name");
        }

        if (!StaffRoles.IsValid(role))
        {
            return AccountChange.Failed("account.bad-role");
        }

        if (StaffPasswords.Problem(normalized, password) is { } problem)
        {
            return AccountChange.Failed(problem);
        }

        var account = new StaffAccount(normalized, role, passwords.Hash(password), NewStamp(), clock.GetUtcNow(), null);
        if (!await store.CreateAsync(account, cancellationToken))
        {
            return AccountChange.Failed("account.exists");
        }

        await AuditAsync(actor, "staff.create", normalized, "role=" + role, cancellationToken);
        return AccountChange.Done(account);
    }

    public async Task<AccountChange> SetPasswordAsync(string name, string password, string actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken) is not { } account)
        {
            return AccountChange.Failed("account.missing");
        }

        if (StaffPasswords.Problem(account.Name, password) is { } problem)
        {
            return AccountChange.Failed(problem);
        }

        var changed = account with { PasswordHash = passwords.Hash(password), SecurityStamp = NewStamp() };
        await store.UpdateAsync(changed, cancellationToken);
        await store.ClearLoginFailuresAsync(account.Name, cancellationToken);
        await AuditAsync(actor, "staff.password", account.Name, null, cancellationToken);
        return AccountChange.Done(changed);
    }

    public async Task<AccountChange> SetRoleAsync(string name, string role, string actor, CancellationToken cancellationToken)
    {
        if (!StaffRoles.IsValid(role))
        {
            return AccountChange.Failed("account.bad-role");
        }

        if (await FindAsync(name, cancellationToken) is not { } account)
        {
            return AccountChange.Failed("account.missing");
        }

        if (account.Role == StaffRoles.Admin && role != StaffRoles.Admin && await IsLastAdminAsync(account, cancellationToken))
        {
            return AccountChange.Failed("account.last-admin");
        }

        var changed = account with { Role = role, SecurityStamp = NewStamp() };
        await store.UpdateAsync(changed, cancellationToken);
        await AuditAsync(actor, "staff.role", account.Name, "role=" + role, cancellationToken);
        return AccountChange.Done(changed);
    }

    public async Task<AccountChange> DeleteAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken) is not { } account)
        {
            return AccountChange.Failed("account.missing");
        }

        if (account.Role == StaffRoles.Admin && await IsLastAdminAsync(account, cancellationToken))
        {
            return AccountChange.Failed("account.last-admin");
        }

        await store.DeleteAsync(account.Name, cancellationToken);
        await store.ClearLoginFailuresAsync(account.Name, cancellationToken);
        await AuditAsync(actor, "staff.delete", account.Name, null, cancellationToken);
        return AccountChange.Done(account);
    }

    public async Task<AccountChange> UnlockAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken) is not { } account)
        {
            return AccountChange.Failed("account.missing");
        }

        await store.ClearLoginFailuresAsync(account.Name, cancellationToken);
        await AuditAsync(actor, "staff.unlock", account.Name, null, cancellationToken);
        return AccountChange.Done(account);
    }

    /// <summary>
    /// Ends every session of the account (a new security stamp): the session cookie is only a signed ticket, so deleting it
    /// in one browser would leave a copied cookie valid until it expires.
    /// </summary>
    public async Task EndSessionsAsync(string name, CancellationToken cancellationToken)
    {
        if (await FindAsync(name, cancellationToken) is { } account)
        {
            await store.UpdateAsync(account with { SecurityStamp = NewStamp() }, cancellationToken);
        }
    }

    public Task<StaffAccount?> FindAsync(string name, CancellationToken cancellationToken) =>
        Normalize(name) is { } normalized ? store.FindAsync(normalized, cancellationToken) : Task.FromResult<StaffAccount?>(null);

    private async Task<bool> IsLastAdminAsync(StaffAccount account, CancellationToken cancellationToken) =>
        !(await store.ListAsync(cancellationToken)).Any(a => a.Role == StaffRoles.Admin && a.Name != account.Name);

    private Task AuditAsync(string actor, string action, string subject, string? details, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), actor, action, subject, details), cancellationToken);

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{1,63}$")]
    private static partial Regex NamePattern();
}

/// <param name="Error">The text key of what went wrong; null when the change was made.</param>
public sealed record AccountChange(StaffAccount? Account, string? Error)
{
    public bool Succeeded => Error is null;

    public static AccountChange Done(StaffAccount account) => new(account, null);

    public static AccountChange Failed(string error) => new(null, error);
}
