namespace StatementTracker.Api.Auth;

/// <summary>Who may call the API without a key, and the admin key an operator can set from outside.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>GET and HEAD under /v1 need no key: the record is public. When false they need at least <c>read</c>.</summary>
    public bool AnonymousRead { get; set; } = true;

    /// <summary>
    /// An admin key, kept under the name <c>bootstrap</c> and made, updated or un-revoked at start-up to match this
    /// value: the way into a fresh deployment before any key exists, and a way back in when every key is lost.
    /// </summary>
    public string? BootstrapKey { get; set; }
}
